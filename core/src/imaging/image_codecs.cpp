#include "image_codecs.h"

#include <dlfcn.h>

#include <filesystem>
#include <mutex>

#include "image_codec_table.h"

#ifndef DINOLENS_IMAGE_CODECS_BUILD_PATH
#define DINOLENS_IMAGE_CODECS_BUILD_PATH ""
#endif
#ifndef DINOLENS_IMAGE_CODECS_LIBDIR
#define DINOLENS_IMAGE_CODECS_LIBDIR "lib"
#endif

namespace dinolens::core {
namespace {

// Where the module may be: beside the programs of an installation (bin/ and libexec/dinolens/ lie one and two
// levels below the prefix), then in the build tree.
std::vector<std::filesystem::path> moduleCandidates()
{
    std::vector<std::filesystem::path> candidates;
    std::error_code error;
    const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", error);
    if (!error && !self.empty()) {
        for (const char* up : { "..", "../.." }) {
            candidates.push_back(
                (self.parent_path() / up / DINOLENS_IMAGE_CODECS_LIBDIR / "dinolens" / kImageCodecsModuleName)
                    .lexically_normal());
        }
    }
    if (*DINOLENS_IMAGE_CODECS_BUILD_PATH != '\0') {
        candidates.emplace_back(DINOLENS_IMAGE_CODECS_BUILD_PATH);
    }
    return candidates;
}

struct LoadedCodecs {
    const ImageCodecTable* table = nullptr;
    std::string failure;
};

LoadedCodecs loadCodecs()
{
    LoadedCodecs loaded;
    for (const std::filesystem::path& candidate : moduleCandidates()) {
        std::error_code error;
        if (!std::filesystem::is_regular_file(candidate, error)) {
            continue;
        }
        // Never unloaded: the table points into it.
        void* handle = dlopen(candidate.c_str(), RTLD_NOW | RTLD_LOCAL);
        if (handle == nullptr) {
            const char* why = dlerror();
            loaded.failure = "cannot load the image codecs (" + candidate.string() + "): " + (why ? why : "unknown");
            return loaded;
        }
        using Entry = const ImageCodecTable* (*)();
        const auto entry = reinterpret_cast<Entry>(dlsym(handle, kImageCodecsEntry));
        const ImageCodecTable* table = entry != nullptr ? entry() : nullptr;
        if (table == nullptr || table->abi != kImageCodecsAbi) {
            loaded.failure = "the image codecs module " + candidate.string() + " is of another DinoLens version";
            return loaded;
        }
        loaded.table = table;
        return loaded;
    }
    loaded.failure
        = std::string("the image codecs module (") + kImageCodecsModuleName + ") is not installed; reinstall DinoLens";
    return loaded;
}

Result<const ImageCodecTable*> codecs(const std::string& context)
{
    static std::once_flag once;
    static LoadedCodecs loaded;
    std::call_once(once, [] { loaded = loadCodecs(); });
    if (loaded.table == nullptr) {
        return makeError(ErrorCode::Internal, loaded.failure, context);
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
