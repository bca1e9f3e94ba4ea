#pragma once
// Preferences dialog: edits a ViewerSettings value; the caller saves and applies it on accept.
// Ownership: Qt parent/child. Thread-safety: GUI thread only.

#include <QDialog>

#include "dinolens/ui/viewer_settings.h"

class QCheckBox;
class QComboBox;
class QSpinBox;
class QPlainTextEdit;
class QTabWidget;

namespace dinolens::ui {

class PacsSettingsPage;

class SettingsDialog : public QDialog {
    Q_OBJECT
public:
    explicit SettingsDialog(const ViewerSettings& settings, QWidget* parent = nullptr);
    ViewerSettings settings() const;
    PacsSettingsPage* pacsPage() const { return m_pacs; }
    /// Shows the PACS tab in front.
    void showPacsPage();

private:
    QCheckBox* m_smooth;
    QSpinBox* m_opacity;
    QCheckBox* m_filled;
    QSpinBox* m_thumbnail;
    QSpinBox* m_recent;
    QSpinBox* m_threads;
    QPlainTextEdit* m_modelFolders;
    QComboBox* m_language;
    QComboBox* m_device;
    PacsSettingsPage* m_pacs;
    QTabWidget* m_tabs;
};

/// The keyboard and mouse reference (Help > Keyboard Shortcuts, F1).
class ShortcutsDialog : public QDialog {
    Q_OBJECT
public:
    explicit ShortcutsDialog(QWidget* parent = nullptr);
};

} // namespace dinolens::ui
