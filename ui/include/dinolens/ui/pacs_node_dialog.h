#pragma once
// Editing one PACS node: a name, DICOMweb (base URL; authentication none, basic with user and password, or bearer
// with a token) or DIMSE (called AE title, host, port, our calling AE title, C-MOVE receive port), time-outs and the
// "external" flag (data sent there is anonymised first). OK stays disabled until the node is complete; the
// addresses are checked as pacs::dicomWebNode / dimseNode check them.
// Ownership: Qt parent/child. Thread-safety: GUI thread only.

#include <QDialog>

#include "dinolens/pacs/pacs_node.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QStackedWidget;

namespace dinolens::ui {

class PacsNodeDialog : public QDialog {
    Q_OBJECT
public:
    explicit PacsNodeDialog(const pacs::PacsNode& node, QWidget* parent = nullptr);

    /// The node as edited (check problem() first).
    pacs::PacsNode node() const;
    /// Why the node cannot be saved ("" when it can).
    QString problem() const;

private:
    void updateState();

    QLineEdit* m_name;
    QComboBox* m_protocol;
    QStackedWidget* m_pages;
    QLineEdit* m_url;
    QComboBox* m_authentication;
    QLineEdit* m_user;
    QLineEdit* m_password;
    QLineEdit* m_token;
    QLineEdit* m_calledAe;
    QLineEdit* m_host;
    QSpinBox* m_port;
    QLineEdit* m_callingAe;
    QSpinBox* m_movePort;
    QSpinBox* m_timeout;
    QCheckBox* m_external;
    QLabel* m_problem;
    QPushButton* m_ok;
};

} // namespace dinolens::ui
