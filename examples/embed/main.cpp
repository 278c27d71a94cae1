// Embedding weft: load a component, give it a host function, call its exports.
//   build/examples/weft-embed-example examples/wat/greeter.component.wat
#include <cstdio>

#include "weft/weft.h"

int main(int argc, char** argv) {
  const char* path = argc > 1 ? argv[1] : "examples/wat/greeter.component.wat";
  weft::Engine engine;
  auto component = weft::Component::from_file(engine, path);
  if (!component) {
    std::fprintf(stderr, "%s\n", weft::render_error(component.error()).c_str());
    return 1;
  }
  weft::Linker linker;
  // The component imports `shout: func(s: string) -> string`.
  linker.func("shout", [](std::string s) {
    for (char& c : s) c = char(std::toupper(static_cast<unsigned char>(c)));
    return s + "!";
  });
  weft::Store store(engine);
  auto instance = linker.instantiate(store, *component);
  if (!instance) {
    std::fprintf(stderr, "%s\n", weft::render_error(instance.error()).c_str());
    return 1;
  }
  auto sum = instance->call<uint32_t>(store, "add", 40u, 2u);
  auto greeting = instance->call<std::string>(store, "greet", std::string("embedder"));
  if (!sum || !greeting) {
    std::fprintf(stderr, "%s\n", weft::render_error(!sum ? sum.error() : greeting.error()).c_str());
    return 1;
  }
  std::printf("add(40, 2) = %u\ngreet(\"embedder\") = %s\n", *sum, greeting->c_str());
  return 0;
}
