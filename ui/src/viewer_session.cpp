#include "dinolens/ui/viewer_session.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

#include "dinolens/core/atomic_file.h"

namespace dinolens::ui {
namespace {

constexpr const char* kFormat = "dinolens-session";
constexpr int kVersion = 1;

QString translate(const char* text)
{
    return QCoreApplication::translate("ViewerSession", text);
}

QJsonArray intArray(const std::array<int, 3>& values)
{
    return { values[0], values[1], values[2] };
}

std::array<int, 3> intTriple(const QJsonValue& value, std::array<int, 3> fallback)
{
    const QJsonArray array = value.toArray();
    if (array.size() != 3) {
        return fallback;
    }
    return { array[0].toInt(), array[1].toInt(), array[2].toInt() };
}

QJsonObject overlayToJson(const OverlayStyle& style)
{
    QJsonArray classes;
    for (int c = 1; c < kOverlayClassCount; ++c) {
        classes.append(QJsonObject { { QStringLiteral("visible"), style.classVisible[c] },
            { QStringLiteral("color"),
                QStringLiteral("#%1").arg(style.colors[c] & 0xffffffu, 6, 16, QLatin1Char('0')) } });
    }
    return { { QStringLiteral("visible"), style.visible }, { QStringLiteral("filled"), style.filled },
        { QStringLiteral("opacity"), style.opacity }, { QStringLiteral("classes"), classes } };
}

OverlayStyle overlayFromJson(const QJsonObject& json)
{
    OverlayStyle style;
    style.visible = json.value(QStringLiteral("visible")).toBool(style.visible);
    style.filled = json.value(QStringLiteral("filled")).toBool(style.filled);
    style.opacity = std::clamp(json.value(QStringLiteral("opacity")).toDouble(style.opacity), 0.0, 1.0);
    const QJsonArray classes = json.value(QStringLiteral("classes")).toArray();
    for (int c = 1; c < kOverlayClassCount && c - 1 < classes.size(); ++c) {
        const QJsonObject item = classes[c - 1].toObject();
        style.classVisible[c] = item.value(QStringLiteral("visible")).toBool(true);
        bool ok = false;
        const uint rgb = item.value(QStringLiteral("color")).toString().mid(1).toUInt(&ok, 16);
        if (ok) {
            style.colors[c] = 0xff000000u | rgb;
        }
    }
    return style;
}

} // namespace

QJsonObject sessionToJson(const ViewerSession& session)
{
    QJsonArray views;
    for (const ViewZoomPan& view : session.views) {
        views.append(QJsonObject { { QStringLiteral("zoom"), view.zoom }, { QStringLiteral("panX"), view.panX },
            { QStringLiteral("panY"), view.panY } });
    }
    return { { QStringLiteral("format"), QString::fromLatin1(kFormat) }, { QStringLiteral("version"), kVersion },
        { QStringLiteral("studyPath"), session.studyPath }, { QStringLiteral("study"), session.study },
        { QStringLiteral("series"), session.series }, { QStringLiteral("seriesSource"), session.seriesSource },
        { QStringLiteral("cursor"), intArray(session.cursor) }, { QStringLiteral("slices"), intArray(session.slices) },
        { QStringLiteral("views"), views },
        { QStringLiteral("window"),
            QJsonObject { { QStringLiteral("center"), session.windowCenter },
                { QStringLiteral("width"), session.windowWidth }, { QStringLiteral("name"), session.windowName } } },
        { QStringLiteral("overlay"), overlayToJson(session.overlay) },
        { QStringLiteral("layer"),
            session.shownLayer == MaskLayer::Prediction ? QStringLiteral("prediction")
                                                        : QStringLiteral("groundTruth") },
        { QStringLiteral("maskFiles"), QJsonArray::fromStringList(session.maskFiles) } };
}

core::Result<ViewerSession> sessionFromJson(const QJsonObject& json)
{
    if (json.value(QStringLiteral("format")).toString() != QLatin1String(kFormat)) {
        return core::makeError(
            core::ErrorCode::InvalidFormat, translate("This is not a DinoLens session file.").toStdString());
    }
    ViewerSession session;
    session.studyPath = json.value(QStringLiteral("studyPath")).toString();
    if (session.studyPath.isEmpty()) {
        return core::makeError(core::ErrorCode::InvalidFormat, translate("The session names no study.").toStdString());
    }
    session.study = json.value(QStringLiteral("study")).toInt();
    session.series = json.value(QStringLiteral("series")).toInt();
    session.seriesSource = json.value(QStringLiteral("seriesSource")).toString();
    session.cursor = intTriple(json.value(QStringLiteral("cursor")), session.cursor);
    session.slices = intTriple(json.value(QStringLiteral("slices")), session.slices);
    const QJsonArray views = json.value(QStringLiteral("views")).toArray();
    for (qsizetype n = 0; n < views.size() && n < 3; ++n) {
        const QJsonObject view = views[n].toObject();
        session.views[static_cast<std::size_t>(n)] = { view.value(QStringLiteral("zoom")).toDouble(1.0),
            view.value(QStringLiteral("panX")).toDouble(), view.value(QStringLiteral("panY")).toDouble() };
    }
    const QJsonObject window = json.value(QStringLiteral("window")).toObject();
    session.windowCenter = window.value(QStringLiteral("center")).toDouble();
    session.windowWidth = std::max(1e-6, window.value(QStringLiteral("width")).toDouble(1.0));
    session.windowName = window.value(QStringLiteral("name")).toString();
    session.overlay = overlayFromJson(json.value(QStringLiteral("overlay")).toObject());
    session.shownLayer = json.value(QStringLiteral("layer")).toString() == QLatin1String("prediction")
        ? MaskLayer::Prediction
        : MaskLayer::GroundTruth;
    for (const QJsonValue& file : json.value(QStringLiteral("maskFiles")).toArray()) {
        session.maskFiles << file.toString();
    }
    return session;
}

core::Status writeSessionFile(const QString& path, const ViewerSession& session)
{
    const QByteArray bytes = QJsonDocument(sessionToJson(session)).toJson();
    return dinolens::core::writeFileAtomically(
        path.toStdString(), std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size())));
}

core::Result<ViewerSession> readSessionFile(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        return core::makeError(core::ErrorCode::Unreadable, file.errorString().toStdString(), path.toStdString());
    }
    QJsonParseError parse;
    const QJsonDocument document = QJsonDocument::fromJson(file.read(1 << 20), &parse);
    if (document.isNull() || !document.isObject()) {
        return core::makeError(core::ErrorCode::InvalidFormat,
            translate("The session file is not valid JSON: %1").arg(parse.errorString()).toStdString(),
            path.toStdString());
    }
    auto session = sessionFromJson(document.object());
    if (!session) {
        return core::makeError(session.error().code, session.error().message, path.toStdString());
    }
    return session;
}

} // namespace dinolens::ui
