#include "nifti_library.h"

namespace dinolens::core {

std::mutex& niftiLibraryMutex()
{
    static std::mutex mutex;
    return mutex;
}

} // namespace dinolens::core
