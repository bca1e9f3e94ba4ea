// Fuzzes the YOLO polygon label parser and the rasteriser on what it accepts.
#include <string_view>

#include "dinolens/core/polygon_label.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    auto label = dinolens::core::parsePolygonLabel(text, "fuzz");
    if (label) {
        auto mask = dinolens::core::rasterizePolygons(label->polygons, 64, 48);
        (void)mask;
    }
    return 0;
}
