#pragma once
// nifticlib keeps its debug level and option flags in process globals: every call that touches them, in the
// reader and the writer alike, holds this one lock. Private to core.

#include <mutex>

namespace dinolens::core {

std::mutex& niftiLibraryMutex();

} // namespace dinolens::core
