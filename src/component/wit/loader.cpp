// Reading WIT packages from files and directories, ordering them and resolving them.
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <memory>

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

std::unexpected<Error> component_binaries_unsupported(const std::string& path) {
  return std::unexpected(Error{Phase::Decode, {}, "not supported yet: component binaries (a WIT package encoded as a "
                                                  "component in .wasm or .wat)",
                               path, 0, {}});
}

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

  ResolveOptions options_;
  std::vector<std::unique_ptr<ast::File>> files_;  // alive while resolving
  std::vector<std::string> file_names_;
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
  if (is_component_file(file)) return component_binaries_unsupported(path);
  WEFT_TRY(text, read_file(path));
  if (text.starts_with(std::string_view("\0asm", 4))) return component_binaries_unsupported(path);
  WEFT_TRY(parsed, parse(text, path));
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
  const PackageSource* root = has_root ? &groups[0].packages.back() : nullptr;
  std::map<PackageName, uint32_t> by_name;
  for (uint32_t i = 0; i < all.size(); ++i) {
    auto [it, fresh] = by_name.emplace(all[i]->decl.name.to_name(), i);
    if (!fresh)
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
  Loaded out;
  Resolver resolver(out.resolve, options_);
  for (uint32_t n : *order) {
    const PackageSource* pkg = all[nodes[n]];
    WEFT_TRY(id, resolver.push(*pkg));
    if (pkg == root) out.main = id;
  }
  out.files = file_names_;
  return out;
}

}  // namespace

Result<Loaded> load_path(const std::string& path, const ResolveOptions& options) {
  return Loader(options).load_path(path);
}

Result<Loaded> load_text(std::string_view text, const std::string& name, const ResolveOptions& options) {
  return Loader(options).load_text(text, name);
}

}  // namespace weft::component::wit
