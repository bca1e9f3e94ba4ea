#include "image_codecs.h"

#include <mutex>

#include "dinolens/core/program_module.h"
#include "image_codec_table.h"

#ifndef DINOLENS_IMAGE_CODECS_BUILD_PATH
#define DINOLENS_IMAGE_CODECS_BUILD_PATH ""
#endif
#ifndef DINOLENS_IMAGE_CODECS_LIBDIR
#define DINOLENS_IMAGE_CODECS_LIBDIR "lib"
#endif

namespace dinolens::core {
namespace {

struct LoadedCodecs {
    const ImageCodecTable* table = nullptr;
    Error failure;
};

LoadedCodecs loadCodecs()
{
    static constexpr ProgramModule kModule { .fileName = kImageCodecsModuleName,
        .libDir = DINOLENS_IMAGE_CODECS_LIBDIR,
        .buildPath = DINOLENS_IMAGE_CODECS_BUILD_PATH,
        .entry = kImageCodecsEntry,
        .description = "the image codecs" };
    LoadedCodecs loaded;
    auto entry = loadProgramModule(kModule, {});
    if (!entry) {
        loaded.failure = entry.error();
        return loaded;
    }
    const ImageCodecTable* table = reinterpret_cast<decltype(&dinolens_image_codecs_table)>(*entry)();
    if (table == nullptr || table->abi != kImageCodecsAbi) {
        loaded.failure = makeError(ErrorCode::Internal, "the image codecs module is of another DinoLens version");
        return loaded;
    }
    loaded.table = table;
    return loaded;
}

Result<const ImageCodecTable*> codecs(const std::string& context)
{
    static std::once_flag once;
    static LoadedCodecs loaded;
    std::call_once(once, [] { loaded = loadCodecs(); });
    if (loaded.table == nullptr) {
        return makeError(ErrorCode::Internal, loaded.failure.message, context);
    }
    return loaded.table;
}

} // namespace

Result<cv::Mat> decodeImageBytes(const std::vector<unsigned char>& bytes, int flags, const std::string& context)
{
    auto table = codecs(context);
    if (!table) {
        return table.error();
    }
    cv::Mat image;
    std::string message;
    if (!(*table)->decode(bytes.data(), bytes.size(), flags, image, message)) {
        return makeError(ErrorCode::InvalidFormat, "cannot decode image: " + message, context);
    }
    return image;
}

Result<std::vector<unsigned char>> encodeImageBytes(
    const std::string& extension, const cv::Mat& image, const std::string& context)
{
    auto table = codecs(context);
    if (!table) {
        return table.error();
    }
    std::vector<unsigned char> bytes;
    std::string message;
    if (!(*table)->encode(extension.c_str(), image, bytes, message)) {
        return makeError(ErrorCode::Internal, "cannot encode the image: " + message, context);
    }
    return bytes;
}

} // namespace dinolens::core
