// What the host objects of one instance share: where denials are reported, the
// waiter that interrupts blocking calls, and how guest paths are resolved.
#pragma once

#include <memory>

#include "wasi/capabilities.h"
#include "wasi/interrupter.h"
#include "wasi/path_resolver.h"

namespace weft::wasi {

struct Sandbox {
  explicit Sandbox(DenialSink sink = {}, ResolveMethod resolve = ResolveMethod::Auto)
      : denials(std::move(sink)), resolve(resolve) {}

  Denials denials;
  Interrupter waiter;
  ResolveMethod resolve;
};

using SandboxPtr = std::shared_ptr<const Sandbox>;

}  // namespace weft::wasi
