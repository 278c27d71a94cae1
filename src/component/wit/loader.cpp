// Reading WIT packages from files and directories, ordering them and resolving them.
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <memory>

#include "component/text/component_wat.h"
#include "component/wit/decode.h"
#include "component/wit/parser.h"
#include "component/wit/toposort.h"
#include "component/wit/wit.h"
#include "support/file.h"

namespace weft::component::wit {
namespace {

namespace fs = std::filesystem;

std::unexpected<Error> fail_at(const std::string& file, Span span, std::string message) {
  Error e{Phase::Validate, span, std::move(message), file, 0, {}};
  return std::unexpected(std::move(e));
}

bool is_component_file(const fs::path& p) { return p.extension() == ".wasm" || p.extension() == ".wat"; }

// A binary, or component text to encode first (`.wat`).
struct Binary {
  std::string path;
  std::string bytes;
};

// The packages of one group: a root package, maybe over several files, and the
// `package x { ... }` blocks inside those files.
struct Group {
  std::vector<PackageSource> packages;  // nested ones first, the root package last
};

class Loader {
 public:
  explicit Loader(const ResolveOptions& options) : options_(options) {}

  Result<Loaded> load_path(const std::string& path);
  Result<Loaded> load_text(std::string_view text, const std::string& name);

 private:
  Result<ast::File*> parse(std::string_view text, const std::string& path);
  Result<Group> read_dir(const fs::path& dir);
  Result<Group> read_file_group(const fs::path& file);
  Result<Group> make_group(const std::vector<ast::File*>& files, const std::string& where);
  Result<void> read_deps(const fs::path& deps, std::vector<Group>& groups);
  Result<Loaded> resolve(std::vector<Group> groups, bool has_root);

  Result<void> decode_binaries(Loaded& out);

  ResolveOptions options_;
  std::vector<std::unique_ptr<ast::File>> files_;  // alive while resolving
  std::vector<std::string> file_names_;
  std::vector<Binary> binaries_;  // decoded before any text package, as wit-parser does
  std::optional<size_t> root_binary_;
};

Result<ast::File*> Loader::parse(std::string_view text, const std::string& path) {
  file_names_.push_back(path);
  WEFT_TRY(file, parse_file(text, path));
  files_.push_back(std::make_unique<ast::File>(std::move(file)));
  return files_.back().get();
}

Result<Group> Loader::make_group(const std::vector<ast::File*>& files, const std::string& where) {
  Group group;
  PackageSource root;
  const ast::PackageDecl* decl = nullptr;
  const ast::PackageDecl* docs = nullptr;
  for (const ast::File* f : files) {
    for (const ast::NestedPackage& n : f->nested)
      if (n.depth > 1) return fail_at(f->path, n.decl.span, "nested packages must be placed at the top-level");
    if (f->package) {
      PackageName name = f->package->name.to_name();
      if (!decl) {
        decl = &*f->package;
        root.decl_file = &f->path;
      } else if (!(name == decl->name.to_name())) {
        return fail_at(f->path, f->package->span,
                       fmt::format("package identifier `{}` does not match previous package name of `{}`",
                                   name.to_string(), decl->name.to_name().to_string()));
      }
      if (!f->package->docs.empty()) {
        if (docs) return fail_at(f->path, f->package->docs_span, "found doc comments on multiple 'package' items");
        docs = &*f->package;
      }
    }
    root.parts.push_back({&f->path, &f->items});
    for (const ast::NestedPackage& n : f->nested)
      group.packages.push_back(PackageSource{n.decl, &f->path, {{&f->path, &n.items}}});
  }
  if (!decl) return fail_at(where, {}, "no `package` header was found in any WIT file for this package");
  root.decl = *decl;
  root.decl.docs = docs ? docs->docs : Docs{};
  group.packages.push_back(std::move(root));
  return group;
}

Result<Group> Loader::read_file_group(const fs::path& file) {
  std::string path = file.string();
  WEFT_TRY(contents, read_file(path));
  if (contents.starts_with(std::string_view("\0asm", 4)) || is_component_file(file)) {
    file_names_.push_back(path);
    Binary b{path, std::move(contents)};
    if (!b.bytes.starts_with(std::string_view("\0asm", 4))) {
      auto bytes = weft::component::text::parse_component_wat(b.bytes);
      if (!bytes) {
        Error e = bytes.error();
        e.file = path;
        return std::unexpected(std::move(e));
      }
      b.bytes.assign(bytes->begin(), bytes->end());
    }
    binaries_.push_back(std::move(b));
    return Group{};
  }
  WEFT_TRY(parsed, parse(contents, path));
  return make_group({parsed}, path);
}

// The `.wit` files directly inside `dir`, by name, as one package.
Result<Group> Loader::read_dir(const fs::path& dir) {
  std::vector<fs::path> paths;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec))
    if (entry.path().extension() == ".wit" && entry.is_regular_file(ec)) paths.push_back(entry.path());
  if (ec) return std::unexpected(Error{Phase::Io, {}, "cannot read directory: " + ec.message(), dir.string(), 0, {}});
  std::sort(paths.begin(), paths.end());
  std::vector<ast::File*> files;
  for (const fs::path& p : paths) {
    WEFT_TRY(text, read_file(p.string()));
    WEFT_TRY(parsed, parse(text, p.string()));
    files.push_back(parsed);
  }
  return make_group(files, dir.string());
}

// Each entry of `deps/`, by name: a directory is a package, a `.wit` file a group.
Result<void> Loader::read_deps(const fs::path& deps, std::vector<Group>& groups) {
  std::vector<fs::directory_entry> entries;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(deps, ec)) entries.push_back(entry);
  if (ec) return std::unexpected(Error{Phase::Io, {}, "cannot read directory: " + ec.message(), deps.string(), 0, {}});
  std::sort(entries.begin(), entries.end(),
            [](const auto& a, const auto& b) { return a.path().filename() < b.path().filename(); });
  for (const fs::directory_entry& entry : entries) {
    if (entry.is_directory(ec)) {
      WEFT_TRY(group, read_dir(entry.path()));
      groups.push_back(std::move(group));
    } else if (entry.path().extension() == ".wit" || is_component_file(entry.path())) {
      WEFT_TRY(group, read_file_group(entry.path()));
      groups.push_back(std::move(group));
    }
  }
  return {};
}

Result<Loaded> Loader::load_path(const std::string& path) {
  std::error_code ec;
  fs::path p(path);
  if (!fs::exists(p, ec)) return std::unexpected(Error{Phase::Io, {}, "cannot open: no such file or directory", path, 0, {}});
  std::vector<Group> groups;
  if (!fs::is_directory(p, ec)) {
    WEFT_TRY(group, read_file_group(p));
    if (group.packages.empty()) root_binary_ = binaries_.size() - 1;
    groups.push_back(std::move(group));
    return resolve(std::move(groups), true);
  }
  bool has_wit = false;
  for (const auto& entry : fs::directory_iterator(p, ec))
    has_wit |= entry.path().extension() == ".wit" && entry.is_regular_file(ec);
  fs::path deps = p / "deps";
  if (!has_wit && !fs::is_directory(deps, ec)) {
    // A directory of package directories: all of them, none the root.
    std::vector<fs::path> dirs;
    for (const auto& entry : fs::directory_iterator(p, ec))
      if (entry.is_directory(ec)) dirs.push_back(entry.path());
    std::sort(dirs.begin(), dirs.end());
    if (dirs.empty()) return std::unexpected(Error{Phase::Io, {}, "no WIT files found", path, 0, {}});
    for (const fs::path& d : dirs) {
      WEFT_TRY(group, read_dir(d));
      groups.push_back(std::move(group));
    }
    return resolve(std::move(groups), false);
  }
  std::vector<Group> dep_groups;
  if (fs::is_directory(deps, ec)) WEFT_CHECK(read_deps(deps, dep_groups));
  WEFT_TRY(root, read_dir(p));
  groups.push_back(std::move(root));
  for (Group& g : dep_groups) groups.push_back(std::move(g));
  return resolve(std::move(groups), true);
}

Result<Loaded> Loader::load_text(std::string_view text, const std::string& name) {
  WEFT_TRY(parsed, parse(text, name));
  WEFT_TRY(group, make_group({parsed}, name));
  std::vector<Group> groups;
  groups.push_back(std::move(group));
  return resolve(std::move(groups), true);
}

// Packages in dependency order (visiting them by name, as wit-parser does), each
// resolved once the packages it refers to are.
Result<Loaded> Loader::resolve(std::vector<Group> groups, bool has_root) {
  std::vector<const PackageSource*> all;
  for (const Group& g : groups)
    for (const PackageSource& p : g.packages) all.push_back(&p);
  const PackageSource* root = has_root && !groups[0].packages.empty() ? &groups[0].packages.back() : nullptr;
  Loaded out;
  WEFT_CHECK(decode_binaries(out));
  std::map<PackageName, uint32_t> by_name;
  for (uint32_t i = 0; i < all.size(); ++i) {
    auto [it, fresh] = by_name.emplace(all[i]->decl.name.to_name(), i);
    if (!fresh || out.resolve.find_package(it->first))
      return fail_at(*all[i]->decl_file, all[i]->decl.span,
                     fmt::format("package `{}` is defined in two different locations", it->first.to_string()));
  }
  std::vector<uint32_t> nodes;  // node -> index in `all`, by name
  std::map<PackageName, uint32_t> node_of;
  for (const auto& [name, i] : by_name) {
    node_of.emplace(name, uint32_t(nodes.size()));
    nodes.push_back(i);
  }
  std::vector<std::vector<TopoDep>> deps(nodes.size());
  for (uint32_t n = 0; n < nodes.size(); ++n)
    for (const ForeignDep& d : foreign_deps(*all[nodes[n]]))
      if (auto it = node_of.find(d.name); it != node_of.end())
        deps[n].push_back({it->second, d.span, d.name.to_string(), d.file});
  auto order = toposort(deps);
  if (!order)
    return fail_at(*order.error().dep.file, order.error().dep.span,
                   fmt::format("package `{}` creates a dependency cycle", order.error().dep.name));
  Resolver resolver(out.resolve, options_);
  for (uint32_t n : *order) {
    const PackageSource* pkg = all[nodes[n]];
    WEFT_TRY(id, resolver.push(*pkg));
    if (pkg == root) out.main = id;
  }
  out.files = file_names_;
  return out;
}

// Binaries come first, each merged into the model by name, like wit-parser's
// `Resolve::merge` of decoded packages.
Result<void> Loader::decode_binaries(Loaded& out) {
  for (size_t i = 0; i < binaries_.size(); ++i) {
    const Binary& b = binaries_[i];
    auto bytes = std::span(reinterpret_cast<const uint8_t*>(b.bytes.data()), b.bytes.size());
    auto decoded = decode_wasm(out.resolve, bytes);
    if (!decoded) {
      Error e = decoded.error();
      e.file = b.path;
      return std::unexpected(std::move(e));
    }
    if (root_binary_ == i) {
      out.main = decoded->package;
      out.world = decoded->world;
      out.binary = decoded->kind;
    }
  }
  return {};
}

}  // namespace

Result<Loaded> load_path(const std::string& path, const ResolveOptions& options) {
  return Loader(options).load_path(path);
}

Result<Loaded> load_text(std::string_view text, const std::string& name, const ResolveOptions& options) {
  return Loader(options).load_text(text, name);
}

Result<WorldId> select_world(const Loaded& loaded, const std::string& name) {
  auto usage = [](std::string m) { return std::unexpected(Error{Phase::Usage, {}, std::move(m), {}, 0, {}}); };
  const Resolve& r = loaded.resolve;
  if (auto path = parse_item_path(name)) {
    auto pkg = r.find_package(path->package);
    if (auto w = pkg ? r[*pkg].find_world(path->name) : std::nullopt) return *w;
    return usage(fmt::format("no world `{}`", name));
  }
  if (!loaded.main) return usage("a directory of package directories has no main package; name the world in full");
  const Package& pkg = r[*loaded.main];
  if (!name.empty()) {
    if (auto w = pkg.find_world(name)) return *w;
    return usage(fmt::format("package `{}` has no world `{}`", pkg.name.to_string(), name));
  }
  if (pkg.worlds.size() != 1)
    return usage(fmt::format("package `{}` has {} worlds; choose one with -w", pkg.name.to_string(), pkg.worlds.size()));
  return pkg.worlds[0].second;
}

}  // namespace weft::component::wit
