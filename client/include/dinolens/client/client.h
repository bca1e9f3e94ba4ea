#pragma once
// C++ client of dinolens-server (see server/include/dinolens/server/server.h and /openapi.json).
// Every call has a connection and read timeout and retries 503 answers (queue full, model loading) after the
// server's Retry-After, up to ClientOptions::retries times. Errors come back as Result with ErrorCode and the
// server's JSON error message; httpStatus() of the last answer tells 4xx from 5xx.
// Ownership: a Client holds only its options; each call opens its own connection.
// Thread-safety: a const Client may be used from several threads at once.
// Units: pixels; areas in px and mm^2 (when the server knows the spacing); volumes in mm^3; times in ms.

#include <array>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "dinolens/core/result.h"

namespace dinolens::client {

struct ClientOptions {
    std::string url = "http://127.0.0.1:8080"; // scheme, host and port
    std::string token; // sent as "Authorization: Bearer <token>" when set
    std::chrono::milliseconds connectTimeout { 3000 };
    std::chrono::milliseconds timeout { 60000 }; // read/write timeout of one attempt
    int retries = 3; // extra attempts after a 503
    std::chrono::milliseconds maxRetryDelay { 2000 }; // caps the server's Retry-After
};

struct SegmentOptions {
    std::string model; // empty: the server's default
    bool featureMaps = false; // also return the PCA and patch-similarity maps
    bool multipart = false; // send as multipart/form-data instead of a raw body
};

struct ClassResult {
    int id = 0;
    std::string name;
    int64_t areaPixels = 0;
    std::optional<double> areaMm2;
    double confidence = 0.0;
    std::string maskPng; // PNG bytes (decoded from base64), 255 inside
    std::vector<std::vector<std::pair<int, int>>> contours; // polygons of (x, y)
};

struct SegmentResult {
    std::string model;
    int width = 0;
    int height = 0;
    std::string labelPng; // PNG bytes of class ids 0..3
    std::string tumorClass;
    double confidence = 0.0;
    bool tumorPresent = false; // the model's verdict; when false every class is empty
    double tumorProbability = 0.0; // its score, 0-1

    std::vector<ClassResult> classes;
    std::string pcaPng; // empty unless asked for
    std::string similarityPng; // empty unless asked for
    double serverMilliseconds = 0.0;
    std::string json; // the whole answer
};

struct SeriesResult {
    std::string model;
    std::array<int, 3> dims {};
    std::string maskNiftiGz; // .nii.gz bytes
    std::vector<std::pair<std::string, double>> volumesMm3; // per class name
    bool tumorPresent = false; // in at least one slice
    double tumorProbability = 0.0; // the largest slice score
    std::string planes; // "three" (fused over the volume's three planes) or "acquired"
    std::string json;
};

struct ModelInfo {
    std::string id;
    bool loaded = false;
    bool isDefault = false;
};

class Client {
public:
    explicit Client(ClientOptions options);

    /// GET /v1/health. Errors: Unreadable (no connection), Internal (unexpected answer).
    core::Status health() const;
    /// GET /v1/health/ready: true when every model is loaded.
    core::Result<bool> ready() const;
    core::Result<std::vector<ModelInfo>> models() const;
    /// POST /v1/segment with the bytes of a PNG, JPEG or DICOM file and its Content-Type.
    core::Result<SegmentResult> segment(
        const std::string& bytes, const std::string& contentType, const SegmentOptions& options = {}) const;
    /// As segment(), reading the file and choosing the Content-Type from its extension (.dcm or none: DICOM).
    core::Result<SegmentResult> segmentFile(
        const std::filesystem::path& image, const SegmentOptions& options = {}) const;
    /// POST /v1/segment/series with every file of a DICOM series; `planes`: "auto" (the server's default when
    /// empty), "acquired" or "three".
    core::Result<SeriesResult> segmentSeries(const std::vector<std::filesystem::path>& files,
        const std::string& model = {}, const std::string& planes = {}) const;
    /// GET /metrics (Prometheus text).
    core::Result<std::string> metrics() const;

    /// HTTP status of the last answer this thread received (0: none).
    static int lastStatus();

private:
    ClientOptions m_options;
};

/// Maps an HTTP status to an ErrorCode: 400/422 InvalidFormat, 401 InvalidArgument, 404 NotFound, 413 TooLarge,
/// 415 UnsupportedFormat, 503/504 Cancelled (retry later), others Internal.
core::ErrorCode errorCodeForStatus(int status);

} // namespace dinolens::client
