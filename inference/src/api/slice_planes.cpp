// Which planes a volume is segmented in (volume_segmentation.h): decided from its shape and voxel spacing alone, so
// that the viewer can tell before it loads the engine.
#include <algorithm>
#include <cmath>

#include "dinolens/inference/volume_segmentation.h"

namespace dinolens::inference {

bool hasReformattedPlanes(const core::Volume& volume)
{
    return std::min({ volume.dims[0], volume.dims[1], volume.dims[2] }) >= kMinFusedVoxels;
}

const char* slicePlanesName(SlicePlanes planes)
{
    switch (planes) {
    case SlicePlanes::Acquired:
        return "acquired";
    case SlicePlanes::Three:
        return "three";
    case SlicePlanes::Auto:
        break;
    }
    return "auto";
}

bool suitsThreePlanes(const core::Volume& volume)
{
    const auto [finest, coarsest] = std::minmax({ volume.spacing[0], volume.spacing[1], volume.spacing[2] });
    const bool usable = std::isfinite(finest) && std::isfinite(coarsest) && finest > 0.0;
    return usable && coarsest <= 1.5 * finest && hasReformattedPlanes(volume);
}

} // namespace dinolens::inference
