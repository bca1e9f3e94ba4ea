// Fuzzes the DICOMDIR reference resolver with ReferencedFileID values, against a fixed media folder that holds
// a file, a symbolic link to a folder outside it and one to a file inside it. Invariant: whatever is accepted
// resolves (symbolic links followed) inside the media folder.
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string_view>

#include <unistd.h>

#include "dinolens/core/dicom_directory_reference.h"

namespace fs = std::filesystem;

namespace {

struct Media {
    fs::path root = fs::temp_directory_path() / ("dinolens-fuzz-dicomdir-" + std::to_string(::getpid()));
    fs::path folder = root / "media";
    fs::path base;

    Media()
    {
        fs::create_directories(folder / "IMAGES");
        fs::create_directories(root / "outside");
        std::ofstream(folder / "IMAGES" / "IM0") << "x";
        std::ofstream(root / "outside" / "IM0") << "x";
        std::error_code ignored;
        fs::create_directory_symlink(root / "outside", folder / "LINK", ignored);
        fs::create_symlink("IM0", folder / "IMAGES" / "INLINK", ignored);
        fs::create_symlink("/", folder / "ROOT", ignored);
        base = fs::canonical(folder);
    }
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    static const Media media;
    const std::string_view fileId(reinterpret_cast<const char*>(data), size);
    auto resolved = dinolens::core::resolveDicomDirectoryReference(media.folder, fileId);
    if (resolved) {
        std::error_code ec;
        const auto target = fs::weakly_canonical(*resolved, ec);
        const auto relative = target.lexically_relative(media.base);
        if (ec || relative.empty() || *relative.begin() == "..") {
            __builtin_trap(); // an accepted reference left the DICOMDIR's folder
        }
    }
    return 0;
}
