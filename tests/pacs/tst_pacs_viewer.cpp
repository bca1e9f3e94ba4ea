// The viewer's PACS side against the real Orthanc of the `orthanc` fixture, through the real window (offscreen):
// Preferences > PACS (nodes listed, added, edited, removed, tested; cache use), File > Open from PACS (search,
// patient > study > series tree, retrieve into the cache with the first instance opened before the series is
// complete), segmenting with the shipped demo model and sending the DICOM SEG (and key slices) back, after which
// Orthanc's REST API lists them in the study; an external node receiving de-identified copies; Export Anonymised; a
// PACS that is down or answers garbage giving clear errors and leaving nothing in the cache.
// Screenshots go to DINOLENS_SCREENSHOT_DIR when it is set.
#include <QComboBox>
#include <QDir>
#include <QLineEdit>
#include <QListWidget>
#include <QSettings>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <QtTest/QtTest>

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>

#include <algorithm>
#include <filesystem>
#include <thread>

#include "dinolens/core/dicom_seg.h"
#include "dinolens/ui/main_window.h"
#include "dinolens/ui/pacs_actions.h"
#include "dinolens/ui/pacs_browser.h"
#include "dinolens/ui/pacs_node_dialog.h"
#include "dinolens/ui/pacs_settings_page.h"
#include "dinolens/ui/segmentation_controller.h"
#include "dinolens/ui/segmentation_jobs.h"
#include "dinolens/ui/settings_dialog.h"
#include "dinolens/ui/viewer_document.h"
#include "orthanc_test_server.h"

using namespace dinolens;
using namespace dinolens::ui;
namespace fs = std::filesystem;

namespace {

constexpr int kWaitMs = 60000;

int countFiles(const QString& root, const QString& prefix = {}, const QString& suffix = {})
{
    int count = 0;
    std::error_code error;
    for (fs::recursive_directory_iterator it(root.toStdString(), error), end; !error && it != end;
         it.increment(error)) {
        const QString name = QString::fromStdString(it->path().filename().string());
        if (it->is_regular_file(error) && name.startsWith(prefix) && name.endsWith(suffix)) {
            ++count;
        }
    }
    return count;
}

std::string tagOf(const QString& file, const DcmTagKey& key)
{
    DcmFileFormat format;
    OFString value;
    if (format.loadFile(file.toStdString().c_str()).bad()
        || format.getDataset()->findAndGetOFString(key, value).bad()) {
        return "<missing>";
    }
    return value.c_str();
}

pacs::PacsNode webNode(const std::string& name, const std::string& url, bool external = false)
{
    pacs::PacsNode node = pacs::dicomWebNode(url).value();
    node.name = name;
    node.external = external;
    node.dicomWeb.connectTimeoutSeconds = 2;
    node.dicomWeb.readTimeoutSeconds = 5;
    return node;
}

// A "PACS" that answers every request with 200 and bytes that are neither DICOM JSON nor DICOM.
class GarbagePacs {
public:
    GarbagePacs()
    {
        m_server.Get(".*", [](const httplib::Request& request, httplib::Response& response) {
            if (request.path.find("/series/") != std::string::npos) {
                response.set_content(
                    "--b\r\nContent-Type: application/dicom\r\n\r\nnot a DICOM file at all\r\n--b--\r\n",
                    "multipart/related; type=\"application/dicom\"; boundary=b");
            } else {
                response.set_content("{\"this is\": [not, JSON", "application/dicom+json");
            }
        });
        m_port = m_server.bind_to_any_port("127.0.0.1");
        m_thread = std::thread([this] { m_server.listen_after_bind(); });
    }
    ~GarbagePacs()
    {
        m_server.stop();
        m_thread.join();
    }
    GarbagePacs(const GarbagePacs&) = delete;
    GarbagePacs& operator=(const GarbagePacs&) = delete;
    std::string url() const { return "http://127.0.0.1:" + std::to_string(m_port) + "/dicom-web"; }

private:
    httplib::Server m_server;
    int m_port = 0;
    std::thread m_thread;
};

} // namespace

class TestPacsViewer : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void preferencesListTestAndPersistNodes();
    void searchShowsPatientStudySeries();
    void retrieveOpensSeriesWhileArriving();
    void preferencesShowCacheUse();
    void segmentAndSendSegBack();
    void externalNodeGetsAnonymisedCopies();
    void exportAnonymisedWritesDeidentifiedFiles();
    void pacsDownGivesClearErrorAndEmptyCache();
    void garbageAnswersGiveErrorAndEmptyCache();

private:
    void screenshot(QWidget* widget, const QString& name);
    PacsBrowser* browser() { return m_window->pacs()->browser(); }
    QTreeWidgetItem* firstSeriesItem() const;
    bool retrieveInto(PacsBrowser* dialog, const pacs::PacsMatch& series, QString& message);

    test::OrthancServer m_orthanc;
    QTemporaryDir m_work;
    QString m_cache;
    QString m_screenshots;
    pacs::PacsMatch m_series; // the shared series as Orthanc lists it
    std::unique_ptr<MainWindow> m_window;
};

void TestPacsViewer::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("DinoLensTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_pacs_viewer"));
    QSettings().clear();
    DINOLENS_REQUIRE_ORTHANC(m_orthanc);
    QVERIFY(m_work.isValid());
    m_cache = m_work.filePath(QStringLiteral("cache"));
    m_screenshots = qEnvironmentVariable("DINOLENS_SCREENSHOT_DIR");
    pacs::PacsQuery query;
    query.level = pacs::QueryLevel::Series;
    const auto found = pacs::find(m_orthanc.dicomWeb(), query);
    QVERIFY2(found.ok(), found.ok() ? "" : found.error().toString().c_str());
    const auto series = std::find_if(found->matches.begin(), found->matches.end(),
        [](const pacs::PacsMatch& match) { return match.modalities == "MR"; });
    QVERIFY(series != found->matches.end());
    m_series = *series;
    pacs::PacsQuery studyQuery;
    studyQuery.studyUid = m_series.studyUid;
    const auto study = pacs::find(m_orthanc.dicomWeb(), studyQuery);
    QVERIFY(study.ok() && !study->matches.empty());
    m_series.patientName = study->matches.front().patientName;
    m_series.patientId = study->matches.front().patientId;

    ViewerSettings settings;
    settings.pacsNodes = { webNode("orthanc", m_orthanc.restUrl() + "/dicom-web"), m_orthanc.dimse(),
        webNode("research", m_orthanc.restUrl() + "/dicom-web", true),
        webNode("down", "http://127.0.0.1:9/dicom-web") };
    settings.pacsNodes[1].name = "orthanc-dimse";
    settings.pacsCacheFolder = m_cache;
    settings.pacsCacheCapMegabytes = 512;
    settings.save();
    m_window = std::make_unique<MainWindow>();
    m_window->resize(1280, 800);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void TestPacsViewer::cleanupTestCase()
{
    m_window.reset();
}

void TestPacsViewer::screenshot(QWidget* widget, const QString& name)
{
    if (m_screenshots.isEmpty()) {
        return;
    }
    QVERIFY(QDir().mkpath(m_screenshots));
    const QString path = QDir(m_screenshots).filePath(name);
    QVERIFY2(widget->grab().save(path), qPrintable(path));
}

void TestPacsViewer::preferencesListTestAndPersistNodes()
{
    SettingsDialog dialog(m_window->settings(), m_window.get());
    dialog.showPacsPage();
    dialog.resize(720, 560);
    dialog.show();
    PacsSettingsPage* page = dialog.pacsPage();
    auto* list = page->findChild<QListWidget*>(QStringLiteral("pacsNodeList"));
    QCOMPARE(list->count(), 4);
    QVERIFY(list->item(2)->text().contains(QStringLiteral("external")));

    // Test runs off the GUI thread: QIDO for DICOMweb, C-ECHO for DIMSE, and a node that is down says so.
    QSignalSpy tested(page, &PacsSettingsPage::testFinished);
    page->testNode(0);
    QVERIFY(tested.wait(kWaitMs));
    QCOMPARE(tested.takeFirst().at(0).toBool(), true);
    QVERIFY(page->testText().contains(QStringLiteral("answers")));
    page->testNode(1);
    QVERIFY(tested.wait(kWaitMs));
    QCOMPARE(tested.takeFirst().at(0).toBool(), true);
    list->setCurrentRow(1);
    QTRY_VERIFY_WITH_TIMEOUT(page->usageText().contains(QStringLiteral("0 series")), kWaitMs);
    page->testNode(3);
    QVERIFY(tested.wait(kWaitMs));
    QCOMPARE(tested.takeFirst().at(0).toBool(), false);
    QVERIFY2(page->testText().startsWith(QStringLiteral("down: ")) && page->testText().size() > 12,
        qPrintable(page->testText()));

    // The node editor refuses an incomplete node and builds a DIMSE node from its fields.
    PacsNodeDialog editor(pacs::PacsNode {}, &dialog);
    QVERIFY(!editor.problem().isEmpty());
    editor.findChild<QLineEdit*>(QStringLiteral("nodeName"))->setText(QStringLiteral("archive"));
    editor.findChild<QComboBox*>(QStringLiteral("nodeProtocol"))->setCurrentIndex(1);
    editor.findChild<QLineEdit*>(QStringLiteral("nodeCalledAe"))->setText(QStringLiteral("ARCHIVE"));
    editor.findChild<QLineEdit*>(QStringLiteral("nodeHost"))->setText(QStringLiteral("10.0.0.2"));
    QVERIFY2(editor.problem().isEmpty(), qPrintable(editor.problem()));
    if (!m_screenshots.isEmpty()) {
        editor.show();
        screenshot(&editor, QStringLiteral("pacs-node-dialog.png"));
        editor.hide();
    }
    const pacs::PacsNode archive = editor.node();
    QCOMPARE(archive.protocol, pacs::PacsProtocol::Dimse);
    QCOMPARE(archive.dimse.host, std::string("10.0.0.2"));

    // Add, edit, remove; OK saves with the viewer's settings, which read back the same.
    page->setNode(-1, archive);
    pacs::PacsNode edited = archive;
    edited.dimse.port = 11112;
    page->setNode(4, edited);
    page->removeNode(3);
    QCOMPARE(list->count(), 4);
    m_window->setSettings(dialog.settings());
    const ViewerSettings reloaded = ViewerSettings::load();
    QCOMPARE(static_cast<int>(reloaded.pacsNodes.size()), 4);
    QCOMPARE(reloaded.pacsNodes[3].name, std::string("archive"));
    QCOMPARE(reloaded.pacsNodes[3].dimse.port, 11112);
    QCOMPARE(reloaded.pacsNodes[2].external, true);
    QCOMPARE(reloaded.pacsCacheRoot(), m_cache);
    QCOMPARE(reloaded.pacsCacheCapMegabytes, 512);
}

QTreeWidgetItem* TestPacsViewer::firstSeriesItem() const
{
    QTreeWidget* tree = m_window->pacs()->browser()->results();
    for (int p = 0; p < tree->topLevelItemCount(); ++p) {
        for (int s = 0; s < tree->topLevelItem(p)->childCount(); ++s) {
            QTreeWidgetItem* study = tree->topLevelItem(p)->child(s);
            for (int r = 0; r < study->childCount(); ++r) {
                if (study->child(r)->text(2) == QStringLiteral("MR")) {
                    return study->child(r);
                }
            }
        }
    }
    return nullptr;
}

void TestPacsViewer::searchShowsPatientStudySeries()
{
    PacsBrowser* dialog = browser();
    m_window->pacs()->showBrowser();
    QVERIFY(dialog->isVisible());
    // A wildcard on the first letters of the patient's name, and a modality.
    const QString name = QString::fromStdString(m_series.patientName);
    QVERIFY(!name.isEmpty());
    dialog->setFields({ .patientName = name.left(2) + QStringLiteral("*"), .modality = QStringLiteral("MR") });
    QSignalSpy searched(dialog, &PacsBrowser::searchFinished);
    dialog->search();
    QVERIFY(searched.wait(kWaitMs));
    QVERIFY2(searched.takeFirst().at(0).toBool(), qPrintable(dialog->statusText()));
    QTreeWidgetItem* series = firstSeriesItem();
    QVERIFY(series != nullptr);
    QCOMPARE(series->text(3), QString::number(m_orthanc.loadedInstances()));
    QVERIFY(series->parent()->parent()->text(0).contains(QString::fromStdString(m_series.patientId)));

    // A name that matches nobody gives an empty tree, not an error.
    dialog->setFields({ .patientName = QStringLiteral("NOBODY^HERE*") });
    dialog->search();
    QVERIFY(searched.wait(kWaitMs));
    QVERIFY(searched.takeFirst().at(0).toBool());
    QCOMPARE(dialog->results()->topLevelItemCount(), 0);
    dialog->setFields({ .patientId = QString::fromStdString(m_series.patientId) });
    dialog->search();
    QVERIFY(searched.wait(kWaitMs));
    QVERIFY(firstSeriesItem() != nullptr);
}

void TestPacsViewer::retrieveOpensSeriesWhileArriving()
{
    PacsBrowser* dialog = browser();
    QTreeWidgetItem* series = firstSeriesItem();
    QVERIFY(series != nullptr);
    dialog->results()->setCurrentItem(series);
    QSignalSpy arriving(dialog, &PacsBrowser::seriesArriving);
    QSignalSpy retrieved(dialog, &PacsBrowser::seriesRetrieved);
    QSignalSpy progress(dialog, &PacsBrowser::progressChanged);
    QSignalSpy shown(m_window.get(), &MainWindow::volumeShown);
    QStringList order;
    connect(dialog, &PacsBrowser::seriesArriving, this, [&order] { order << QStringLiteral("first instance"); });
    connect(dialog, &PacsBrowser::seriesRetrieved, this, [&order] { order << QStringLiteral("retrieved"); });
    QVERIFY(dialog->retrieveCurrent());
    QVERIFY(dialog->isRetrieving());
    screenshot(dialog, QStringLiteral("pacs-open-dialog.png"));
    QVERIFY(retrieved.wait(kWaitMs));
    // The first instance was announced (and opened) before the retrieve ended, into the same series folder.
    QCOMPARE(arriving.count(), 1);
    QCOMPARE(order, QStringList({ QStringLiteral("first instance"), QStringLiteral("retrieved") }));
    disconnect(dialog, nullptr, this, nullptr);
    qInfo("%s", qPrintable(retrieved.at(0).at(1).toString()));
    const QString folder = retrieved.at(0).at(0).toString();
    QCOMPARE(arriving.at(0).at(0).toString(), folder);
    QVERIFY(folder.startsWith(m_cache));
    QCOMPARE(countFiles(folder, {}, QStringLiteral(".dcm")), m_orthanc.loadedInstances());
    QCOMPARE(countFiles(m_cache, QStringLiteral(".partial-")), 0);
    QVERIFY(retrieved.at(0).at(1).toString().contains(QStringLiteral("WADO-RS")));
    // The complete series ends up on screen.
    QTRY_VERIFY_WITH_TIMEOUT(m_window->document()->hasVolume() && m_window->document()->loaded().complete
            && m_window->document()->loaded().sourcePath.startsWith(folder)
            && m_window->document()->volume()->dims[2] == m_orthanc.loadedInstances(),
        kWaitMs);
    QVERIFY(!shown.isEmpty());
    QVERIFY2(m_window->messageText().isEmpty(), qPrintable(m_window->messageText()));
    screenshot(dialog, QStringLiteral("pacs-open-dialog-retrieved.png"));
}

void TestPacsViewer::preferencesShowCacheUse()
{
    SettingsDialog dialog(m_window->settings(), m_window.get());
    dialog.showPacsPage();
    dialog.resize(720, 520);
    dialog.show();
    dialog.pacsPage()->findChild<QListWidget*>(QStringLiteral("pacsNodeList"))->setCurrentRow(0);
    QSignalSpy tested(dialog.pacsPage(), &PacsSettingsPage::testFinished);
    dialog.pacsPage()->testNode(0);
    QVERIFY(tested.wait(kWaitMs));
    // The retrieved series (7 MB) is what the cache holds.
    QTRY_VERIFY_WITH_TIMEOUT(dialog.pacsPage()->usageText().contains(QStringLiteral("in 1 series")), kWaitMs);
    QVERIFY2(
        dialog.pacsPage()->usageText().contains(QStringLiteral("MiB")), qPrintable(dialog.pacsPage()->usageText()));
    screenshot(&dialog, QStringLiteral("pacs-preferences.png"));
}

void TestPacsViewer::segmentAndSendSegBack()
{
    QVERIFY(m_window->document()->hasVolume());
    SegmentationController* segmentation = m_window->segmentation();
    segmentation->setModelFolder(QDir(defaultModelsFolder()).filePath(QStringLiteral("demo")));
    QVERIFY(segmentation->segmentSeries());
    QVERIFY(QTest::qWaitFor([&] { return segmentation->state() == core::JobState::Completed; }, 600000));
    const core::LabelMask* mask = m_window->document()->mask();
    QVERIFY(mask != nullptr);
    const bool tumour = std::any_of(mask->labels.begin(), mask->labels.end(), [](std::uint8_t v) { return v != 0; });
    QVERIFY2(tumour, "the demo model found no tumour in the shared series: there is no SEG to send");

    const auto before = m_orthanc.seriesModalities(m_series.studyUid);
    const auto count = [](const std::vector<std::string>& modalities, const char* modality) {
        return std::count(modalities.begin(), modalities.end(), modality);
    };
    QSignalSpy sent(m_window->pacs(), &PacsActions::sent);
    m_window->pacs()->send({ QStringLiteral("orthanc"), true });
    QVERIFY(sent.wait(kWaitMs));
    const QString text = sent.at(0).at(0).toString();
    QVERIFY2(sent.at(0).at(1).toString().isEmpty(), qPrintable(sent.at(0).at(1).toString()));
    qInfo("%s", qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("orthanc")) && text.contains(QStringLiteral("STOW-RS"))
            && text.contains(QString::fromStdString(m_series.studyUid)),
        qPrintable(text));
    // Orthanc's own REST API lists the SEG and the key slices in the study the series came from.
    const auto after = m_orthanc.seriesModalities(m_series.studyUid);
    QCOMPARE(count(after, "SEG"), count(before, "SEG") + 1);
    QCOMPARE(count(after, "OT"), count(before, "OT") + 1);
    screenshot(m_window.get(), QStringLiteral("pacs-sent-window.png"));
}

void TestPacsViewer::externalNodeGetsAnonymisedCopies()
{
    QVERIFY(m_window->document()->mask() != nullptr);
    QSignalSpy sent(m_window->pacs(), &PacsActions::sent);
    m_window->pacs()->send({ QStringLiteral("research"), false });
    QVERIFY(sent.wait(kWaitMs));
    QVERIFY2(sent.at(0).at(1).toString().isEmpty(), qPrintable(sent.at(0).at(1).toString()));
    QVERIFY(sent.at(0).at(0).toString().contains(QStringLiteral("anonymised")));
    // The study it went into is a new, de-identified one: not the source study, and with the pseudonym.
    const QString text = sent.at(0).at(0).toString();
    const auto found
        = m_orthanc.rest("/tools/find", R"({"Level": "Study", "Query": {"PatientName": "ANONYMOUS"}, "Expand": true})");
    QVERIFY(found.is_array() && !found.empty());
    bool holdsSeg = false;
    for (const auto& study : found) {
        const std::string uid = study["MainDicomTags"].value("StudyInstanceUID", "");
        QVERIFY(uid != m_series.studyUid);
        const auto modalities = m_orthanc.seriesModalities(uid);
        holdsSeg = holdsSeg
            || (text.contains(QString::fromStdString(uid))
                && std::count(modalities.begin(), modalities.end(), "SEG") == 1
                && std::count(modalities.begin(), modalities.end(), "MR") == 1);
    }
    QVERIFY2(holdsSeg, qPrintable(text));
}

void TestPacsViewer::exportAnonymisedWritesDeidentifiedFiles()
{
    const QString out = m_work.filePath(QStringLiteral("export"));
    QSignalSpy exported(m_window->pacs(), &PacsActions::exported);
    pacs::AnonymizeOptions options;
    options.dates = pacs::DateHandling::Keep;
    m_window->pacs()->exportAnonymised(out, options);
    QVERIFY(exported.wait(kWaitMs));
    QVERIFY2(exported.at(0).at(1).toString().isEmpty(), qPrintable(exported.at(0).at(1).toString()));
    QCOMPARE(countFiles(out, {}, QStringLiteral(".dcm")), m_orthanc.loadedInstances());
    QDirIterator files(out, { QStringLiteral("*.dcm") }, QDir::Files, QDirIterator::Subdirectories);
    QVERIFY(files.hasNext());
    const QString file = files.next();
    QCOMPARE(tagOf(file, DCM_PatientName), std::string("ANONYMOUS"));
    QVERIFY(tagOf(file, DCM_StudyInstanceUID) != m_series.studyUid);
    const QString source = m_window->document()->loaded().sourcePath;
    QCOMPARE(tagOf(file, DCM_StudyDate), tagOf(source, DCM_StudyDate)); // --keep-dates
}

bool TestPacsViewer::retrieveInto(PacsBrowser* dialog, const pacs::PacsMatch& series, QString& message)
{
    QSignalSpy failed(dialog, &PacsBrowser::retrieveFailed);
    QSignalSpy retrieved(dialog, &PacsBrowser::seriesRetrieved);
    dialog->retrieve(series);
    if (!QTest::qWaitFor([&] { return !failed.isEmpty() || !retrieved.isEmpty(); }, kWaitMs)) {
        message = QStringLiteral("no answer");
        return false;
    }
    message = failed.isEmpty() ? QString() : failed.at(0).at(0).toString();
    return failed.isEmpty();
}

void TestPacsViewer::pacsDownGivesClearErrorAndEmptyCache()
{
    PacsBrowser dialog;
    ViewerSettings settings = m_window->settings();
    std::vector<pacs::PacsNode> nodes { webNode("down", "http://127.0.0.1:9/dicom-web") };
    const QString cache = m_work.filePath(QStringLiteral("cache-down"));
    dialog.setNodes(nodes);
    dialog.setRetrieveSettings({ cache, 0 });
    QSignalSpy searched(&dialog, &PacsBrowser::searchFinished);
    dialog.search();
    QVERIFY(searched.wait(kWaitMs));
    QCOMPARE(searched.at(0).at(0).toBool(), false);
    QVERIFY2(dialog.statusText().contains(QStringLiteral("failed")), qPrintable(dialog.statusText()));
    QString message;
    QVERIFY(!retrieveInto(&dialog, m_series, message));
    QVERIFY2(
        message.contains(QStringLiteral("failed")) && message.contains(QStringLiteral("down")), qPrintable(message));
    QCOMPARE(countFiles(cache), 0);
    QVERIFY(!QDir(cache).exists(QString::fromStdString(m_series.studyUid)));
}

void TestPacsViewer::garbageAnswersGiveErrorAndEmptyCache()
{
    GarbagePacs garbage;
    PacsBrowser dialog;
    const QString cache = m_work.filePath(QStringLiteral("cache-garbage"));
    dialog.setNodes({ webNode("garbage", garbage.url()) });
    dialog.setRetrieveSettings({ cache, 0 });
    QSignalSpy searched(&dialog, &PacsBrowser::searchFinished);
    dialog.search();
    QVERIFY(searched.wait(kWaitMs));
    QCOMPARE(searched.at(0).at(0).toBool(), false);
    QVERIFY2(dialog.statusText().contains(QStringLiteral("failed")), qPrintable(dialog.statusText()));
    QString message;
    QVERIFY(!retrieveInto(&dialog, m_series, message));
    QVERIFY2(message.contains(QStringLiteral("garbage")), qPrintable(message));
    QCOMPARE(countFiles(cache), 0);
    QVERIFY(!QDir(cache).exists(QString::fromStdString(m_series.studyUid)));
}

QTEST_MAIN(TestPacsViewer)
#include "tst_pacs_viewer.moc"
