// Type checks between components validated apart and joined at run time (a provider's
// export supplied for a consumer's import): their types live in different arenas, so
// the validator never compared them.
// spec: Explainer.md "Type Checking" (a supplied item's type must be a subtype of the
// import's; value types are compared for equality, resources by identity)
#pragma once

#include <string>

#include "component/canon/state.h"
#include "component/types/subtype.h"
#include "component/types/types.h"

namespace weft::component {

// Does function type `have` (of arena `have_types`) fit the import type `want` (of
// `want_types`)? Resources are compared by the run-time resource types each side's
// environment binds them to; an unbound one (a host function has no environment)
// is not compared.
Check match_func_across(const TypeArena& want_types, const ResourceEnv& want_env, const FuncType& want,
                        const TypeArena& have_types, const ResourceEnv* have_env, const FuncType& have);

}  // namespace weft::component
