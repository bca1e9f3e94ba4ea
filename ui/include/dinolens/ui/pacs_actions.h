#pragma once
// The viewer's PACS commands, added to the File menu: Open from PACS (Ctrl+P; the PacsBrowser, whose retrieved series
// the window opens as soon as the first instance is in the cache and again when the series is complete), Send to
// PACS (the shown mask as a DICOM SEG into the study it came from, optionally with key slices as Secondary Capture;
// anonymised first for an external node) and Export Anonymised (the shown study's files, de-identified). The work runs
// off the GUI thread (pacs_jobs.h); the status bar says what was sent where, the banner what failed.
// Ownership: QObject child of the window, which it outlives never. Thread-safety: GUI thread only.

#include <QObject>
#include <QString>

#include "dinolens/pacs/anonymizer.h"
#include "dinolens/ui/background_job.h"
#include "dinolens/ui/pacs_jobs.h"

class QMenu;

namespace dinolens::ui {

class MainWindow;
class PacsBrowser;

struct PacsSendChoice {
    QString node {}; // a node of the preferences
    bool secondaryCapture = false;
};

class PacsActions : public QObject {
    Q_OBJECT
public:
    explicit PacsActions(MainWindow* window);

    /// Adds Open from PACS, Send to PACS and Export Anonymised to `file`.
    void addActions(QMenu* file);
    /// The Open from PACS dialog (made on first use), with the preferences' nodes and cache.
    PacsBrowser* browser();
    void showBrowser();
    /// The preferences changed: an open browser gets the new nodes and cache.
    void settingsChanged();
    /// Sends the shown mask of the shown series to the node (no dialog); sent follows.
    void send(const PacsSendChoice& choice);
    /// De-identifies the files of the shown study into `outFolder`; exported follows.
    void exportAnonymised(const QString& outFolder, const pacs::AnonymizeOptions& options);
    bool isBusy() const { return m_send.isRunning() || m_export.isRunning(); }

Q_SIGNALS:
    /// After a send: `error` empty on success; `text` is what the status bar said.
    void sent(const QString& text, const QString& error);
    void exported(const QString& text, const QString& error);

private:
    void chooseAndSend();
    void chooseAndExport();
    void onSendFinished();
    void onExportFinished();
    QString summaryOfShownMask() const;

    MainWindow* m_window;
    PacsBrowser* m_browser = nullptr;
    BackgroundJob<PacsSendOutcome> m_send;
    BackgroundJob<PacsExportOutcome> m_export;
};

} // namespace dinolens::ui
