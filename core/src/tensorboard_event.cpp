#include "tensorboard_event.h"

#include <cstring>

namespace dinolens::core::detail {
namespace {

enum WireType : uint32_t { kVarint = 0, kFixed64 = 1, kLengthDelimited = 2, kFixed32 = 5 };

void putVarint(std::string& out, uint64_t value)
{
    while (value >= 0x80u) {
        out.push_back(static_cast<char>((value & 0x7Fu) | 0x80u));
        value >>= 7;
    }
    out.push_back(static_cast<char>(value));
}

void putKey(std::string& out, uint32_t field, WireType type)
{
    putVarint(out, (uint64_t { field } << 3) | type);
}

void putLittleEndian(std::string& out, uint64_t bits, int bytes)
{
    for (int i = 0; i < bytes; ++i) {
        out.push_back(static_cast<char>((bits >> (8 * i)) & 0xFFu));
    }
}

// proto3 leaves fields at their default value out of the message; so do these writers.
void putInt(std::string& out, uint32_t field, int64_t value)
{
    if (value != 0) {
        putKey(out, field, kVarint);
        putVarint(out, static_cast<uint64_t>(value)); // negative int32/int64: ten bytes, two's complement
    }
}

void putDouble(std::string& out, uint32_t field, double value)
{
    uint64_t bits = 0;
    std::memcpy(&bits, &value, sizeof(bits));
    if (bits != 0) {
        putKey(out, field, kFixed64);
        putLittleEndian(out, bits, 8);
    }
}

void putFloat(std::string& out, uint32_t field, float value)
{
    uint32_t bits = 0;
    std::memcpy(&bits, &value, sizeof(bits));
    putKey(out, field, kFixed32); // a member of a oneof: written even when zero
    putLittleEndian(out, bits, 4);
}

void putBytes(std::string& out, uint32_t field, const std::string& bytes)
{
    putKey(out, field, kLengthDelimited);
    putVarint(out, bytes.size());
    out += bytes;
}

std::string eventHeader(double wallTime, int64_t step)
{
    std::string event;
    putDouble(event, 1, wallTime);
    putInt(event, 2, step);
    return event;
}

} // namespace

std::string fileVersionEvent(double wallTime, int64_t step, const std::string& version)
{
    std::string event = eventHeader(wallTime, step);
    putBytes(event, 3, version);
    return event;
}

std::string scalarsEvent(double wallTime, int64_t step, const std::vector<EventScalar>& scalars)
{
    std::string summary;
    for (const EventScalar& scalar : scalars) {
        std::string value;
        putBytes(value, 1, scalar.tag);
        putFloat(value, 2, scalar.value);
        putBytes(summary, 1, value);
    }
    std::string event = eventHeader(wallTime, step);
    putBytes(event, 5, summary);
    return event;
}

std::string imageEvent(double wallTime, int64_t step, const EventImage& image)
{
    std::string encoded;
    putInt(encoded, 1, image.height);
    putInt(encoded, 2, image.width);
    putInt(encoded, 3, image.colorspace);
    if (!image.encoded.empty()) {
        putBytes(encoded, 4, image.encoded);
    }
    std::string value;
    putBytes(value, 1, image.tag);
    putBytes(value, 4, encoded);
    std::string summary;
    putBytes(summary, 1, value);
    std::string event = eventHeader(wallTime, step);
    putBytes(event, 5, summary);
    return event;
}

} // namespace dinolens::core::detail
