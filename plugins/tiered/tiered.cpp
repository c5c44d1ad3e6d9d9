// Registration of the `tiered` policy (the class and its parameters are in tiered.hpp). Built into
// govsim, and built again as a loadable plugin for the loader's tests (govsim_add_plugin).
// Parameters: docs/policies.md.
#include "tiered.hpp"

GOVSIM_POLICY(govsim::plugin::TieredPolicy,
              "tiered", "1.0.0",
              "Immediate / pending / escalated handling: the lowest unit tries first, and what it cannot settle "
              "climbs the reports_to chain one level at a time; the top unit closes what it cannot settle.",
              govsim::plugin::kTieredParams)
