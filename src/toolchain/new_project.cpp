// `weft new`: a project skeleton that `weft build` turns into a working component.
#include <fmt/format.h>

#include <cctype>
#include <filesystem>
#include <fstream>

#include "toolchain/build.h"

namespace weft::toolchain {

namespace fs = std::filesystem;

namespace {

bool valid_name(const std::string& name) {
  if (name.empty() || !std::islower(static_cast<unsigned char>(name[0]))) return false;
  for (size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    bool ok = std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) ||
              (c == '-' && i + 1 < name.size() && name[i + 1] != '-');
    if (!ok) return false;
  }
  return true;
}

std::string snake(const std::string& s) {
  std::string out = s;
  for (char& c : out)
    if (c == '-') c = '_';
  return out;
}

}  // namespace

Result<void> create_project(const std::string& dir, const std::string& name, Manifest::Kind kind) {
  if (!valid_name(name))
    return make_error(
        Phase::Usage, {},
        fmt::format("`{}` is not a valid project name: use lowercase words joined by `-` (a WIT "
                    "identifier), e.g. `my-service`",
                    name));
  if (fs::exists(dir) && !fs::is_empty(dir))
    return make_error(Phase::Usage, {}, fmt::format("`{}` already exists and is not empty", dir));
  std::error_code ec;
  fs::create_directories(fs::path(dir) / "wit", ec);
  fs::create_directories(fs::path(dir) / "src", ec);
  if (ec) return make_error(Phase::Io, {}, fmt::format("cannot create `{}`: {}", dir, ec.message()));
  const bool command = kind == Manifest::Kind::Command;
  std::string manifest = fmt::format(
      "# Built by `weft build` (docs/build.md).\n[package]\nname = \"{0}\"\nversion = "
      "\"0.1.0\"\n\n[component]\n"
      "# \"reactor\": a library of exports; \"command\": a program whose main() runs as wasi:cli/run.\n"
      "kind = \"{1}\"\nwit = \"wit\"\nworld = \"{0}\"\nsources = [\"src/{2}.cpp\"]\n",
      name, command ? "command" : "reactor", snake(name));
  std::string wit = command ? fmt::format(
                                  "package local:{0};\n\n// A command: main() runs; add imports here to call "
                                  "other components.\nworld {0} {{\n}}\n",
                                  name)
                            : fmt::format(
                                  "package local:{0};\n\nworld {0} {{\n  /// Says hello to `name`.\n"
                                  "  export greet: func(name: string) -> string;\n}}\n",
                                  name);
  std::string source =
      command ? std::string("#include <cstdio>\n\n#include \"") + snake(name) +
                    ".h\"\n\nint main(int argc, char** argv) {\n"
                    "  std::printf(\"hello from %s\\n\", argc > 0 ? argv[0] : \"weft\");\n  return 0;\n}\n"
              : fmt::format(
                    "#include \"{0}.h\"\n\n// The world's export (declared in the generated {0}.h).\n"
                    "std::string exports::{0}::greet(std::string name) {{ return \"Hello, \" + name + \"!\"; "
                    "}}\n",
                    snake(name));
  std::string readme =
      fmt::format("# {0}\n\n```sh\nweft build            # target/{0}.wasm\n{1}\n```\n", name,
                  command ? fmt::format("weft run target/{}.wasm", name)
                          : fmt::format("weft run --invoke 'greet(\"world\")' target/{}.wasm", name));
  for (const auto& [path, text] :
       std::vector<std::pair<fs::path, std::string>>{{"weft.toml", manifest},
                                                     {fs::path("wit") / "world.wit", wit},
                                                     {fs::path("src") / (snake(name) + ".cpp"), source},
                                                     {"README.md", readme},
                                                     {".gitignore", "target/\n"}}) {
    std::ofstream out(fs::path(dir) / path, std::ios::binary);
    out << text;
    out.close();
    if (!out)
      return make_error(Phase::Io, {}, fmt::format("cannot write `{}`", (fs::path(dir) / path).string()));
  }
  return {};
}

}  // namespace weft::toolchain
