#include "dicom_nesting_check.h"

#include <zlib.h>

#include <array>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <sstream>
#include <vector>

#include <dcmtk/dcmdata/dctag.h>

namespace dinolens::core::dicom {
namespace {

constexpr std::uint32_t kUndefined = 0xFFFFFFFFU;
constexpr std::size_t kMaxInflatedBytes = std::size_t { 256 } << 20;

enum class Syntax { ImplicitLittle, ExplicitLittle, ExplicitBig, Deflated };

struct Walker {
    std::istream& in;
    bool big = false;
    bool explicitVr = true;

    bool read(void* buffer, std::size_t n)
    {
        return static_cast<bool>(in.read(static_cast<char*>(buffer), static_cast<std::streamsize>(n)));
    }
    std::uint32_t value(const unsigned char* b, int bytes) const
    {
        std::uint32_t v = 0;
        for (int i = 0; i < bytes; ++i) {
            v |= static_cast<std::uint32_t>(b[big ? bytes - 1 - i : i]) << (8 * i);
        }
        return v;
    }
};

bool hasLongLength(const char vr[2])
{
    static const char* const kLong[] = { "OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV" };
    for (const char* v : kLong) {
        if (vr[0] == v[0] && vr[1] == v[1]) {
            return true;
        }
    }
    return false;
}

struct Frame {
    bool sequence = false; // a sequence (else an item)
    bool pixelItems = false; // encapsulated pixel data: its items are fragments, not datasets
    std::uint64_t end = 0; // absolute end offset; 0 = undefined length, closed by a delimiter
    bool explicitVr = true; // encoding of what it holds (UN of undefined length holds implicit VR)
};

// The deepest sequence nesting of the dataset in `walker`, or kMaxSequenceDepth + 1 as soon as it is passed.
int deepestNesting(Walker& w)
{
    std::vector<Frame> stack;
    int depth = 0;
    int deepest = 0;
    unsigned char head[8];
    while (true) {
        const auto at = static_cast<std::uint64_t>(w.in.tellg());
        while (!stack.empty() && stack.back().end != 0 && at >= stack.back().end) {
            depth -= stack.back().sequence ? 1 : 0;
            stack.pop_back();
        }
        if (!w.read(head, 8)) {
            return deepest;
        }
        const std::uint32_t group = w.value(head, 2);
        const std::uint32_t element = w.value(head + 2, 2);
        if (group == 0xFFFE) {
            const std::uint32_t length = w.value(head + 4, 4);
            const bool inPixels = !stack.empty() && stack.back().pixelItems;
            if (element == 0xE000 && length != kUndefined && (inPixels || stack.empty() || !stack.back().sequence)) {
                w.in.seekg(length, std::ios::cur); // a fragment, or an item where none belongs
            } else if (element == 0xE000) {
                const bool explicitInside = stack.empty() ? w.explicitVr : stack.back().explicitVr;
                stack.push_back({ false, false, length == kUndefined ? 0 : at + 8 + length, explicitInside });
            } else if ((element == 0xE00D || element == 0xE0DD) && !stack.empty()) {
                depth -= stack.back().sequence ? 1 : 0;
                stack.pop_back();
            }
            continue;
        }
        std::uint32_t length = 0;
        bool sequence = false;
        bool unknownVr = false;
        const bool explicitHere = stack.empty() ? w.explicitVr : stack.back().explicitVr;
        if (explicitHere) {
            const char vr[2] = { static_cast<char>(head[4]), static_cast<char>(head[5]) };
            if (hasLongLength(vr)) {
                unsigned char extra[4];
                if (!w.read(extra, 4)) {
                    return deepest;
                }
                length = w.value(extra, 4);
            } else {
                length = w.value(head + 6, 2);
            }
            unknownVr = vr[0] == 'U' && vr[1] == 'N' && length == kUndefined;
            sequence = (vr[0] == 'S' && vr[1] == 'Q') || unknownVr;
        } else {
            length = w.value(head + 4, 4);
            const DcmTag tag(static_cast<Uint16>(group), static_cast<Uint16>(element));
            sequence = tag.getEVR() == EVR_SQ || length == kUndefined;
        }
        const bool pixels = group == 0x7FE0 && length == kUndefined;
        if (sequence || pixels) {
            const auto start = static_cast<std::uint64_t>(w.in.tellg());
            stack.push_back({ !pixels, pixels, length == kUndefined ? 0 : start + length, explicitHere && !unknownVr });
            depth += pixels ? 0 : 1;
            deepest = std::max(deepest, depth);
            if (deepest > kMaxSequenceDepth) {
                return deepest;
            }
        } else if (length != kUndefined) {
            w.in.seekg(length, std::ios::cur);
        }
    }
}

// The meta header (always explicit little endian) and the dataset's transfer syntax after it.
Syntax readMetaHeader(std::istream& in)
{
    std::array<char, 132> preamble {};
    if (!in.read(preamble.data(), preamble.size()) || std::memcmp(preamble.data() + 128, "DICM", 4) != 0) {
        in.clear();
        in.seekg(0);
        unsigned char head[6];
        if (!in.read(reinterpret_cast<char*>(head), 6)) {
            return Syntax::ExplicitLittle;
        }
        in.seekg(0);
        const bool letters = head[4] >= 'A' && head[4] <= 'Z' && head[5] >= 'A' && head[5] <= 'Z';
        const bool bigEndian = head[0] == 0 && head[1] != 0;
        return !letters ? Syntax::ImplicitLittle : bigEndian ? Syntax::ExplicitBig : Syntax::ExplicitLittle;
    }
    std::string transferSyntax;
    unsigned char head[8];
    while (in.read(reinterpret_cast<char*>(head), 8)) {
        if ((head[0] | (head[1] << 8)) != 0x0002) {
            in.seekg(-8, std::ios::cur);
            break;
        }
        const unsigned element = head[2] | (head[3] << 8);
        std::uint32_t length = head[6] | (head[7] << 8);
        if (hasLongLength(reinterpret_cast<const char*>(head + 4))) {
            unsigned char extra[4];
            in.read(reinterpret_cast<char*>(extra), 4);
            length = extra[0] | (extra[1] << 8) | (extra[2] << 16) | (static_cast<std::uint32_t>(extra[3]) << 24);
        }
        if (element == 0x0010 && length < 256) {
            transferSyntax.resize(length);
            in.read(transferSyntax.data(), length);
        } else {
            in.seekg(length, std::ios::cur);
        }
    }
    in.clear();
    while (!transferSyntax.empty() && (transferSyntax.back() == '\0' || transferSyntax.back() == ' ')) {
        transferSyntax.pop_back();
    }
    if (transferSyntax == "1.2.840.10008.1.2") {
        return Syntax::ImplicitLittle;
    }
    if (transferSyntax == "1.2.840.10008.1.2.2") {
        return Syntax::ExplicitBig;
    }
    return transferSyntax == "1.2.840.10008.1.2.1.99" ? Syntax::Deflated : Syntax::ExplicitLittle;
}

// Inflates the rest of `in` (raw deflate, PS3.5 A.5), up to kMaxInflatedBytes.
std::string inflateRest(std::istream& in)
{
    const std::string packed((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    z_stream z {};
    if (inflateInit2(&z, -MAX_WBITS) != Z_OK) {
        return {};
    }
    std::string out;
    std::array<char, 1 << 16> chunk {};
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(packed.data()));
    z.avail_in = static_cast<uInt>(packed.size());
    int status = Z_OK;
    while (status == Z_OK && out.size() < kMaxInflatedBytes) {
        z.next_out = reinterpret_cast<Bytef*>(chunk.data());
        z.avail_out = static_cast<uInt>(chunk.size());
        status = inflate(&z, Z_NO_FLUSH);
        out.append(chunk.data(), chunk.size() - z.avail_out);
    }
    inflateEnd(&z);
    return out;
}

} // namespace

Status checkSequenceNesting(const std::string& path)
{
    std::ifstream file(path, std::ios::binary);
    if (!file) {
        return okStatus(); // openDicomFile reports unreadable files
    }
    const Syntax syntax = readMetaHeader(file);
    std::istringstream inflated;
    if (syntax == Syntax::Deflated) {
        inflated.str(inflateRest(file));
    }
    std::istream& in = syntax == Syntax::Deflated ? static_cast<std::istream&>(inflated) : file;
    Walker walker { in, syntax == Syntax::ExplicitBig, syntax != Syntax::ImplicitLittle };
    if (deepestNesting(walker) > kMaxSequenceDepth) {
        return makeError(ErrorCode::InvalidFormat,
            "sequences nest deeper than " + std::to_string(kMaxSequenceDepth) + " levels", path);
    }
    return okStatus();
}

} // namespace dinolens::core::dicom
