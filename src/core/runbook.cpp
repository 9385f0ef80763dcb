#include "core/runbook.hpp"

#include <algorithm>

namespace core {

const Step* Runbook::find_step(const std::string& step_id) const {
  auto it = std::find_if(steps.begin(), steps.end(), [&](const Step& s) { return s.id == step_id; });
  return it == steps.end() ? nullptr : &*it;
}

std::string_view to_string(Evidence evidence) {
  switch (evidence) {
  case Evidence::none:
    return "none";
  case Evidence::text:
    return "text";
  case Evidence::link:
    return "link";
  case Evidence::file:
    return "file";
  }
  return "none";
}

} // namespace core
