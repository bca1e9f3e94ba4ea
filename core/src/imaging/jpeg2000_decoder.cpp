#include "jpeg2000_decoder.h"

#include <algorithm>
#include <cstring>
#include <memory>

#include <openjpeg.h>

#include "dinolens/core/checked_size.h"

namespace dinolens::core {
namespace {

struct MemoryStream {
    const std::uint8_t* data = nullptr;
    std::size_t size = 0;
    std::size_t offset = 0;
};

OPJ_SIZE_T readStream(void* buffer, OPJ_SIZE_T bytes, void* user)
{
    auto* s = static_cast<MemoryStream*>(user);
    if (s->offset >= s->size) {
        return static_cast<OPJ_SIZE_T>(-1);
    }
    const std::size_t n = std::min<std::size_t>(bytes, s->size - s->offset);
    std::memcpy(buffer, s->data + s->offset, n);
    s->offset += n;
    return n;
}

OPJ_OFF_T skipStream(OPJ_OFF_T bytes, void* user)
{
    auto* s = static_cast<MemoryStream*>(user);
    const auto target = static_cast<long long>(s->offset) + bytes;
    const auto clamped = std::clamp<long long>(target, 0, static_cast<long long>(s->size));
    s->offset = static_cast<std::size_t>(clamped);
    return bytes;
}

OPJ_BOOL seekStream(OPJ_OFF_T position, void* user)
{
    auto* s = static_cast<MemoryStream*>(user);
    if (position < 0 || static_cast<std::size_t>(position) > s->size) {
        return OPJ_FALSE;
    }
    s->offset = static_cast<std::size_t>(position);
    return OPJ_TRUE;
}

void captureError(const char* message, void* user)
{
    auto* text = static_cast<std::string*>(user);
    if (text->empty()) {
        *text = message;
        while (!text->empty() && (text->back() == '\n' || text->back() == ' ')) {
            text->pop_back();
        }
    }
}

void ignoreMessage(const char*, void*) { }

struct CodecDeleter {
    void operator()(opj_codec_t* codec) const { opj_destroy_codec(codec); }
};
struct StreamDeleter {
    void operator()(opj_stream_t* stream) const { opj_stream_destroy(stream); }
};
struct ImageDeleter {
    void operator()(opj_image_t* image) const { opj_image_destroy(image); }
};

bool isJp2File(const std::uint8_t* data, std::size_t size)
{
    static constexpr std::uint8_t kJp2Signature[] = { 0x00, 0x00, 0x00, 0x0C, 0x6A, 0x50, 0x20, 0x20 };
    return size >= sizeof(kJp2Signature) && std::memcmp(data, kJp2Signature, sizeof(kJp2Signature)) == 0;
}

} // namespace

Result<Jpeg2000Image> decodeJpeg2000(
    const std::uint8_t* data, std::size_t size, std::size_t maxSamples, const std::string& context)
{
    if (size < 16) {
        return makeError(ErrorCode::Truncated, "JPEG 2000 data is empty or truncated", context);
    }
    MemoryStream source { data, size, 0 };
    std::unique_ptr<opj_codec_t, CodecDeleter> codec(
        opj_create_decompress(isJp2File(data, size) ? OPJ_CODEC_JP2 : OPJ_CODEC_J2K));
    std::string error;
    opj_set_error_handler(codec.get(), captureError, &error);
    opj_set_warning_handler(codec.get(), ignoreMessage, nullptr);
    opj_set_info_handler(codec.get(), ignoreMessage, nullptr);
    opj_dparameters_t parameters;
    opj_set_default_decoder_parameters(&parameters);
    if (!opj_setup_decoder(codec.get(), &parameters)) {
        return makeError(ErrorCode::Internal, "cannot set up the JPEG 2000 decoder", context);
    }
    std::unique_ptr<opj_stream_t, StreamDeleter> stream(opj_stream_create(1 << 16, OPJ_TRUE));
    opj_stream_set_user_data(stream.get(), &source, nullptr);
    opj_stream_set_user_data_length(stream.get(), size);
    opj_stream_set_read_function(stream.get(), readStream);
    opj_stream_set_skip_function(stream.get(), skipStream);
    opj_stream_set_seek_function(stream.get(), seekStream);

    opj_image_t* rawImage = nullptr;
    if (!opj_read_header(stream.get(), codec.get(), &rawImage)) {
        return makeError(ErrorCode::InvalidFormat, "invalid JPEG 2000 header: " + error, context);
    }
    std::unique_ptr<opj_image_t, ImageDeleter> image(rawImage);
    const std::int64_t width = image->x1 > image->x0 ? image->x1 - image->x0 : 0;
    const std::int64_t height = image->y1 > image->y0 ? image->y1 - image->y0 : 0;
    const auto counted = checkedProduct({ width, height, static_cast<std::int64_t>(image->numcomps) });
    const std::uint64_t samples = counted.value_or(0);
    if (width == 0 || height == 0 || image->numcomps == 0 || !counted || samples > maxSamples) {
        return makeError(ErrorCode::TooLarge,
            "JPEG 2000 header claims " + std::to_string(width) + " x " + std::to_string(height) + " x "
                + std::to_string(image->numcomps) + " samples, beyond the limit or the DICOM header",
            context);
    }
    if (!opj_decode(codec.get(), stream.get(), image.get()) || !opj_end_decompress(codec.get(), stream.get())) {
        return makeError(ErrorCode::InvalidFormat, "cannot decode JPEG 2000 data: " + error, context);
    }
    Jpeg2000Image out;
    out.width = static_cast<int>(width);
    out.height = static_cast<int>(height);
    out.components = static_cast<int>(image->numcomps);
    out.precision = static_cast<int>(image->comps[0].prec);
    out.isSigned = image->comps[0].sgnd != 0;
    out.samples.resize(samples);
    const auto plane = static_cast<std::size_t>(width * height);
    for (int c = 0; c < out.components; ++c) {
        const opj_image_comp_t& comp = image->comps[c];
        if (comp.w != static_cast<OPJ_UINT32>(width) || comp.h != static_cast<OPJ_UINT32>(height)
            || comp.data == nullptr) {
            return makeError(
                ErrorCode::UnsupportedFormat, "subsampled JPEG 2000 components are not supported", context);
        }
        std::copy_n(comp.data, plane, out.samples.begin() + static_cast<std::ptrdiff_t>(c * plane));
    }
    return out;
}

} // namespace dinolens::core
