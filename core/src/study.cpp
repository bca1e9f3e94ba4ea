#include "dinolens/core/study.h"

namespace dinolens::core {

const char* sourceKindName(SourceKind kind)
{
    switch (kind) {
    case SourceKind::Dicom:
        return "dicom";
    case SourceKind::Nifti:
        return "nifti";
    case SourceKind::Image:
        return "image";
    }
    return "unknown";
}

} // namespace dinolens::core
