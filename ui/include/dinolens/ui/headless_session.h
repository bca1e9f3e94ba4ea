#pragma once
// The sample job without a display: opens a study in the (offscreen) main window, segments the whole series with
// model A, compares models A and B, writes screenshots of the window, the compare window and the panels, and a
// short Markdown report (volumes, Dice against the ground truth and between the models), then says where they are.
// Every step waits on signals (no polling, no sleeps); a failure ends the session with a message.
// Ownership: QObject; the window must outlive it. Thread-safety: GUI thread only.

#include <QObject>
#include <QString>
#include <QStringList>

namespace dinolens::ui {

class MainWindow;

class HeadlessSession : public QObject {
    Q_OBJECT
public:
    HeadlessSession(MainWindow* window, QString outputDir, QObject* parent = nullptr);

    /// Starts with the study at `path`; models A and B are run folders (B may equal A).
    void start(const QString& path, const QString& modelA, const QString& modelB);
    QString reportPath() const;

Q_SIGNALS:
    /// exitCode 0 on success; `message` says where the results are or what failed.
    void finished(int exitCode, const QString& message);

private:
    void onVolumeShown(bool complete);
    void onSegmented();
    void onCompared();
    void writeOutputs();
    void finish(int exitCode, const QString& message);

    MainWindow* m_window;
    QString m_outputDir;
    QString m_modelA;
    QString m_modelB;
    QStringList m_screenshots;
    bool m_started = false;
    bool m_done = false;
};

} // namespace dinolens::ui
