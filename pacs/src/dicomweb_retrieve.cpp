// WADO-RS retrieval of a study or series: the multipart/related answer is parsed as it arrives and each instance is
// checked and written atomically before the next is read.
#include <chrono>
#include <future>
#include <optional>

#include "dicom_instance.h"
#include "dicomweb_connection.h"
#include "dicomweb_operations.h"
#include "instance_writer_pool.h"
#include "multipart_related.h"

namespace dinolens::pacs::detail {
namespace {

using core::ErrorCode;
using core::makeError;

constexpr std::size_t kMaxErrorBodyBytes = 4096;
constexpr int kWriterThreads = 8;
constexpr std::size_t kMaxQueuedInstances = 16;

// Instances the PACS holds for the request (a QIDO series search), for progress; 0 when it does not say.
long long expectedInstances(const PacsNode& node, const RetrieveRequest& request, const core::CancelToken& cancel)
{
    PacsQuery query;
    query.level = QueryLevel::Series;
    query.studyUid = request.studyUid;
    FindOptions options;
    options.cancel = cancel;
    auto found = dicomWebFind(node, query, options);
    long long total = 0;
    if (found) {
        for (const PacsMatch& match : found->matches) {
            if ((request.seriesUid.empty() || match.seriesUid == request.seriesUid) && match.instanceCount > 0) {
                total += match.instanceCount;
            }
        }
    }
    return total;
}

class WadoReceiver {
public:
    WadoReceiver(const PacsNode& node, const RetrieveOptions& options, std::future<long long> expected)
        : m_node(node)
        , m_options(options)
        , m_expectedCount(std::move(expected))
        , m_pool(options.destination, kWriterThreads, kMaxQueuedInstances)
    {
    }

    bool onResponse(const httplib::Response& response);
    bool onContent(const char* data, std::size_t size);
    core::Status finish();
    /// Waits for the writes under way and reports them (after a failure too: whole files stay and are counted).
    core::Status settle();
    RetrieveSummary& summary() { return m_summary; }
    int status() const { return m_status; }
    const std::string& errorBody() const { return m_errorBody; }
    const std::optional<core::Error>& failure() const { return m_failure; }

private:
    core::Status onPart(MultipartPart&& part);
    core::Status reportWritten();
    long long expected();

    const PacsNode& m_node;
    const RetrieveOptions& m_options;
    std::future<long long> m_expectedCount; // the count's search, run beside the retrieve
    long long m_expected = 0;
    int m_status = 0;
    std::string m_errorBody;
    std::optional<MultipartParser> m_parser;
    std::optional<core::Error> m_failure;
    RetrieveSummary m_summary;
    int m_parts = 0;
    InstanceWriterPool m_pool;
};

bool WadoReceiver::onResponse(const httplib::Response& response)
{
    m_status = response.status;
    if (m_status != 200) {
        return true; // the body is kept as the error's text
    }
    const std::string contentType = response.get_header_value("Content-Type");
    const std::string boundary = contentTypeParameter(contentType, "boundary");
    if (mediaType(contentType) != "multipart/related" || boundary.empty()) {
        m_failure = makeError(ErrorCode::InvalidFormat,
            "WADO-RS answered '" + contentType.substr(0, 100) + "' instead of multipart/related with a boundary",
            m_node.describe());
        return false;
    }
    m_parser.emplace(
        boundary, m_options.maxInstanceBytes, [this](MultipartPart&& part) { return onPart(std::move(part)); });
    return true;
}

bool WadoReceiver::onContent(const char* data, std::size_t size)
{
    if (m_options.cancel.isCancelled()) {
        m_failure = makeError(ErrorCode::Cancelled, "the retrieve was cancelled", m_node.describe());
        return false;
    }
    if (!m_parser) {
        m_errorBody.append(data, std::min(size, kMaxErrorBodyBytes - std::min(kMaxErrorBodyBytes, m_errorBody.size())));
        return true;
    }
    if (auto fed = m_parser->feed(std::string_view(data, size)); !fed) {
        m_failure = makeError(fed.error().code, "WADO-RS answer: " + fed.error().message,
            fed.error().context.empty() ? m_node.describe() : fed.error().context);
        return false;
    }
    return true;
}

core::Status WadoReceiver::onPart(MultipartPart&& part)
{
    const std::string context = m_node.describe() + " part " + std::to_string(++m_parts);
    const std::string type = mediaType(part.contentType);
    if (!type.empty() && type != "application/dicom") {
        return makeError(
            ErrorCode::UnsupportedFormat, "unexpected content type '" + type + "' instead of DICOM", context);
    }
    auto identity = identifyInstance(part.body, context);
    if (!identity) {
        return identity.error();
    }
    m_pool.submit(std::move(*identity), std::move(part.body));
    return reportWritten();
}

long long WadoReceiver::expected()
{
    if (m_expectedCount.valid() && m_expectedCount.wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
        m_expected = m_expectedCount.get();
    }
    return m_expected;
}

core::Status WadoReceiver::reportWritten()
{
    for (core::Result<RetrievedInstance>& written : m_pool.takeCompleted()) {
        if (!written) {
            return written.error();
        }
        m_summary.bytes += written->bytes;
        m_summary.instances.push_back(*written);
        if (m_options.progress) {
            m_options.progress(static_cast<long long>(m_summary.instances.size()),
                std::max(expected(), static_cast<long long>(m_summary.instances.size())),
                "instance " + written->sopInstanceUid);
        }
        if (m_options.onInstance) {
            m_options.onInstance(*written);
        }
    }
    return core::okStatus();
}

core::Status WadoReceiver::settle()
{
    m_pool.finish();
    return reportWritten();
}

core::Status WadoReceiver::finish()
{
    if (auto settled = settle(); !settled) {
        return settled;
    }
    if (!m_parser) {
        return makeError(ErrorCode::InvalidFormat, "WADO-RS answer without a body", m_node.describe());
    }
    if (auto finished = m_parser->finish(); !finished) {
        return makeError(finished.error().code, "WADO-RS answer: " + finished.error().message, m_node.describe());
    }
    return core::okStatus();
}

} // namespace

core::Result<RetrieveSummary> dicomWebRetrieve(
    const PacsNode& node, const RetrieveRequest& request, const RetrieveOptions& options)
{
    const auto started = std::chrono::steady_clock::now();
    auto connection = DicomWebConnection::open(node);
    if (!connection) {
        return connection.error();
    }
    // The count for progress is a search of its own: it runs beside the retrieve, not before it (one round trip
    // less until the first instance; the count arrives with a later instance).
    std::future<long long> expected = options.progress
        ? std::async(std::launch::async,
            [&node, &request, &options] { return expectedInstances(node, request, options.cancel); })
        : std::future<long long> {};
    const std::string path
        = "/studies/" + request.studyUid + (request.seriesUid.empty() ? std::string() : "/series/" + request.seriesUid);
    const httplib::Headers headers { { "Accept", "multipart/related; type=\"application/dicom\"; transfer-syntax=*" } };
    WadoReceiver receiver(node, options, std::move(expected));
    const httplib::Result answer = connection->http().Get(
        connection->path(path), headers,
        [&receiver](const httplib::Response& response) { return receiver.onResponse(response); },
        [&receiver](const char* data, std::size_t size) { return receiver.onContent(data, size); });
    const core::Status settled = receiver.settle();
    if (receiver.failure()) {
        return *receiver.failure();
    }
    if (!settled) {
        return settled.error();
    }
    if (!answer) {
        return connection->noAnswer(answer.error(), "WADO-RS retrieve");
    }
    if (receiver.status() != 200) {
        return connection->failedStatus(receiver.status(), receiver.errorBody(), "WADO-RS retrieve");
    }
    if (auto finished = receiver.finish(); !finished) {
        return finished.error();
    }
    RetrieveSummary summary = std::move(receiver.summary());
    summary.method = "WADO-RS";
    summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return summary;
}

} // namespace dinolens::pacs::detail
