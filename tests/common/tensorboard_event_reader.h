#pragma once
// An event-file reader for tests, written apart from core's writer (no shared code, no generated classes): it
// checks the TFRecord framing and both CRC-32Cs bit by bit and decodes the protocol buffer wire format by hand
// with TensorFlow's field numbers (event.proto: wall_time 1, step 2, file_version 3, summary 5; summary.proto:
// value 1; Value: tag 1, simple_value 2, image 4; Image: height 1, width 2, colorspace 3, encoded_image_string 4).

#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace dinolens::test {

struct DecodedImage {
    int64_t height = 0;
    int64_t width = 0;
    int64_t colorspace = 0;
    std::string encoded;
};

struct DecodedValue {
    std::string tag;
    std::optional<float> simpleValue;
    std::optional<DecodedImage> image;
};

struct DecodedEvent {
    double wallTime = 0.0;
    int64_t step = 0;
    std::string fileVersion;
    std::vector<DecodedValue> values;
};

// Bit by bit (no table), to check the writer's table-driven CRC independently.
inline uint32_t referenceCrc32c(const std::string& bytes)
{
    uint32_t crc = 0xFFFFFFFFu;
    for (unsigned char byte : bytes) {
        crc ^= byte;
        for (int bit = 0; bit < 8; ++bit) {
            crc = (crc >> 1) ^ (0x82F63B78u & (0u - (crc & 1u)));
        }
    }
    return ~crc;
}

inline uint32_t referenceMaskedCrc32c(const std::string& bytes)
{
    const uint32_t crc = referenceCrc32c(bytes);
    return ((crc >> 15) | (crc << 17)) + 0xa282ead8u;
}

class WireReader {
public:
    explicit WireReader(const std::string& bytes)
        : m_bytes(bytes)
    {
    }
    bool atEnd() const { return m_offset >= m_bytes.size(); }
    uint64_t varint()
    {
        uint64_t value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            const auto byte = static_cast<unsigned char>(take(1)[0]);
            value |= uint64_t { byte & 0x7Fu } << shift;
            if ((byte & 0x80u) == 0) {
                return value;
            }
        }
        throw std::runtime_error("varint too long");
    }
    std::string take(size_t count)
    {
        if (m_offset + count > m_bytes.size()) {
            throw std::runtime_error("message ends early");
        }
        m_offset += count;
        return m_bytes.substr(m_offset - count, count);
    }
    std::string lengthDelimited() { return take(static_cast<size_t>(varint())); }
    void skip(uint64_t wireType)
    {
        if (wireType == 0) {
            varint();
        } else if (wireType == 1) {
            take(8);
        } else if (wireType == 2) {
            lengthDelimited();
        } else if (wireType == 5) {
            take(4);
        } else {
            throw std::runtime_error("unknown wire type");
        }
    }

private:
    const std::string& m_bytes;
    size_t m_offset = 0;
};

inline DecodedImage decodeImage(const std::string& bytes)
{
    DecodedImage image;
    WireReader reader(bytes);
    while (!reader.atEnd()) {
        const uint64_t key = reader.varint();
        switch (key) {
        case (1 << 3) | 0:
            image.height = static_cast<int64_t>(reader.varint());
            break;
        case (2 << 3) | 0:
            image.width = static_cast<int64_t>(reader.varint());
            break;
        case (3 << 3) | 0:
            image.colorspace = static_cast<int64_t>(reader.varint());
            break;
        case (4 << 3) | 2:
            image.encoded = reader.lengthDelimited();
            break;
        default:
            reader.skip(key & 7u);
        }
    }
    return image;
}

inline DecodedValue decodeValue(const std::string& bytes)
{
    DecodedValue value;
    WireReader reader(bytes);
    while (!reader.atEnd()) {
        const uint64_t key = reader.varint();
        if (key == ((1 << 3) | 2)) {
            value.tag = reader.lengthDelimited();
        } else if (key == ((2 << 3) | 5)) {
            const std::string raw = reader.take(4);
            float number = 0.0f;
            std::memcpy(&number, raw.data(), 4);
            value.simpleValue = number;
        } else if (key == ((4 << 3) | 2)) {
            value.image = decodeImage(reader.lengthDelimited());
        } else {
            reader.skip(key & 7u);
        }
    }
    return value;
}

inline DecodedEvent decodeEvent(const std::string& bytes)
{
    DecodedEvent event;
    WireReader reader(bytes);
    while (!reader.atEnd()) {
        const uint64_t key = reader.varint();
        if (key == ((1 << 3) | 1)) {
            const std::string raw = reader.take(8);
            std::memcpy(&event.wallTime, raw.data(), 8);
        } else if (key == ((2 << 3) | 0)) {
            event.step = static_cast<int64_t>(reader.varint());
        } else if (key == ((3 << 3) | 2)) {
            event.fileVersion = reader.lengthDelimited();
        } else if (key == ((5 << 3) | 2)) {
            const std::string summary = reader.lengthDelimited();
            WireReader values(summary);
            while (!values.atEnd()) {
                const uint64_t valueKey = values.varint();
                if (valueKey == ((1 << 3) | 2)) {
                    event.values.push_back(decodeValue(values.lengthDelimited()));
                } else {
                    values.skip(valueKey & 7u);
                }
            }
        } else {
            reader.skip(key & 7u);
        }
    }
    return event;
}

inline uint64_t littleEndian(const std::string& bytes)
{
    uint64_t value = 0;
    for (size_t i = bytes.size(); i-- > 0;) {
        value = (value << 8) | static_cast<unsigned char>(bytes[i]);
    }
    return value;
}

/// Every record of an event file; throws std::runtime_error on a bad CRC or a cut record.
inline std::vector<DecodedEvent> readEventFile(const std::filesystem::path& path)
{
    std::ifstream stream(path, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(stream)), std::istreambuf_iterator<char>());
    std::vector<DecodedEvent> events;
    WireReader reader(bytes);
    while (!reader.atEnd()) {
        const std::string length = reader.take(8);
        if (littleEndian(reader.take(4)) != referenceMaskedCrc32c(length)) {
            throw std::runtime_error("bad length CRC");
        }
        const std::string data = reader.take(static_cast<size_t>(littleEndian(length)));
        if (littleEndian(reader.take(4)) != referenceMaskedCrc32c(data)) {
            throw std::runtime_error("bad data CRC");
        }
        events.push_back(decodeEvent(data));
    }
    return events;
}

/// The scalar `tag` of every event that has one, as (step, value).
inline std::vector<std::pair<int64_t, float>> scalarSeries(
    const std::vector<DecodedEvent>& events, const std::string& tag)
{
    std::vector<std::pair<int64_t, float>> series;
    for (const DecodedEvent& event : events) {
        for (const DecodedValue& value : event.values) {
            if (value.tag == tag && value.simpleValue) {
                series.emplace_back(event.step, *value.simpleValue);
            }
        }
    }
    return series;
}

} // namespace dinolens::test
