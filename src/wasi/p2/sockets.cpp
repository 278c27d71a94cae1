// wasi:sockets — not yet.
#include "wasi/p2/host.h"

namespace weft::wasi::p2 {

void define_sockets(Host&, component::Linker&) {}

}  // namespace weft::wasi::p2
