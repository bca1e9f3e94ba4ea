#pragma once
// Private: TensorBoard's tensorflow.Event messages in the protocol buffer wire format (proto3: varints, 64-bit and
// 32-bit little-endian fixed fields, length-delimited strings and sub-messages), with event.proto's and
// summary.proto's field numbers. Three messages of a few fields each: written here so that the core needs no
// protobuf runtime (the build for machines with only PyTorch). tests/core/tensorboard_event_reader.h decodes them
// independently.

#include <cstdint>
#include <string>
#include <vector>

namespace dinolens::core::detail {

struct EventScalar {
    std::string tag;
    float value = 0.0f;
};

struct EventImage {
    std::string tag;
    int32_t height = 0;
    int32_t width = 0;
    int32_t colorspace = 0; // 1 grey, 3 RGB, 4 RGBA
    std::string encoded;
};

/// Event { wall_time = 1; step = 2; file_version = 3 }.
std::string fileVersionEvent(double wallTime, int64_t step, const std::string& version);
/// Event { wall_time = 1; step = 2; summary = 5 { value = 1 { tag = 1; simple_value = 2 } ... } }.
std::string scalarsEvent(double wallTime, int64_t step, const std::vector<EventScalar>& scalars);
/// Event { wall_time; step; summary { value { tag = 1; image = 4 { height 1, width 2, colorspace 3, encoded 4 } } } }.
std::string imageEvent(double wallTime, int64_t step, const EventImage& image);

} // namespace dinolens::core::detail
