#include "dinolens/ui/pacs_node_dialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace dinolens::ui {
namespace {

QLineEdit* lineEdit(QWidget* parent, const QString& name, const std::string& text)
{
    auto* edit = new QLineEdit(QString::fromStdString(text), parent);
    edit->setObjectName(name);
    return edit;
}

QSpinBox* spinBox(QWidget* parent, const QString& name, int low, int high, int value)
{
    auto* box = new QSpinBox(parent);
    box->setObjectName(name);
    box->setRange(low, high);
    box->setValue(value);
    return box;
}

QString text(const QLineEdit* edit)
{
    return edit->text().trimmed();
}

} // namespace

PacsNodeDialog::PacsNodeDialog(const pacs::PacsNode& node, QWidget* parent)
    : QDialog(parent)
    , m_name(lineEdit(this, QStringLiteral("nodeName"), node.name))
    , m_protocol(new QComboBox(this))
    , m_pages(new QStackedWidget(this))
    , m_url(lineEdit(this, QStringLiteral("nodeUrl"), node.dicomWeb.baseUrl))
    , m_authentication(new QComboBox(this))
    , m_user(lineEdit(this, QStringLiteral("nodeUser"), node.dicomWeb.user))
    , m_password(lineEdit(this, QStringLiteral("nodePassword"), node.dicomWeb.password))
    , m_token(lineEdit(this, QStringLiteral("nodeToken"), node.dicomWeb.token))
    , m_calledAe(lineEdit(this, QStringLiteral("nodeCalledAe"), node.dimse.calledAeTitle))
    , m_host(lineEdit(this, QStringLiteral("nodeHost"), node.dimse.host))
    , m_port(spinBox(this, QStringLiteral("nodePort"), 1, 65535, node.dimse.port))
    , m_callingAe(lineEdit(this, QStringLiteral("nodeCallingAe"), node.dimse.callingAeTitle))
    , m_movePort(spinBox(this, QStringLiteral("nodeMovePort"), 0, 65535, node.dimse.moveReceivePort))
    , m_timeout(spinBox(this, QStringLiteral("nodeTimeout"), 1, 3600,
          node.protocol == pacs::PacsProtocol::Dimse ? node.dimse.timeoutSeconds : node.dicomWeb.readTimeoutSeconds))
    , m_external(new QCheckBox(tr("External (outside the hospital): anonymise everything sent there"), this))
    , m_problem(new QLabel(this))
    , m_ok(nullptr)
{
    setWindowTitle(tr("PACS Node"));
    setObjectName(QStringLiteral("pacsNodeDialog"));
    m_protocol->setObjectName(QStringLiteral("nodeProtocol"));
    m_protocol->addItem(tr("DICOMweb (QIDO-RS, WADO-RS, STOW-RS)"));
    m_protocol->addItem(tr("DIMSE (C-FIND, C-GET / C-MOVE, C-STORE)"));
    m_protocol->setCurrentIndex(node.protocol == pacs::PacsProtocol::Dimse ? 1 : 0);
    m_url->setPlaceholderText(QStringLiteral("http://pacs.example:8042/dicom-web"));
    m_authentication->setObjectName(QStringLiteral("nodeAuthentication"));
    m_authentication->addItems({ tr("None"), tr("Basic (user and password)"), tr("Bearer token") });
    m_authentication->setCurrentIndex(static_cast<int>(node.dicomWeb.authentication));
    m_password->setEchoMode(QLineEdit::Password);
    m_token->setEchoMode(QLineEdit::Password);
    m_movePort->setSpecialValueText(tr("No C-MOVE"));
    m_timeout->setSuffix(tr(" s"));
    m_external->setObjectName(QStringLiteral("nodeExternal"));
    m_external->setChecked(node.external);
    m_problem->setObjectName(QStringLiteral("nodeProblem"));
    m_problem->setStyleSheet(QStringLiteral("QLabel { color: #b03030; }"));

    auto* web = new QWidget(m_pages);
    auto* webForm = new QFormLayout(web);
    webForm->addRow(tr("Base URL"), m_url);
    webForm->addRow(tr("Authentication"), m_authentication);
    webForm->addRow(tr("User"), m_user);
    webForm->addRow(tr("Password"), m_password);
    webForm->addRow(tr("Token"), m_token);
    auto* dimse = new QWidget(m_pages);
    auto* dimseForm = new QFormLayout(dimse);
    dimseForm->addRow(tr("Called AE title"), m_calledAe);
    dimseForm->addRow(tr("Host"), m_host);
    dimseForm->addRow(tr("Port"), m_port);
    dimseForm->addRow(tr("Calling AE title (ours)"), m_callingAe);
    dimseForm->addRow(tr("C-MOVE receive port"), m_movePort);
    m_pages->addWidget(web);
    m_pages->addWidget(dimse);

    auto* form = new QFormLayout;
    form->addRow(tr("Name"), m_name);
    form->addRow(tr("Protocol"), m_protocol);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_ok = buttons->button(QDialogButtonBox::Ok);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_pages);
    auto* common = new QFormLayout;
    common->addRow(tr("Time-out"), m_timeout);
    common->addRow(m_external);
    layout->addLayout(common);
    layout->addWidget(m_problem);
    layout->addWidget(buttons);

    for (QLineEdit* edit : { m_name, m_url, m_user, m_password, m_token, m_calledAe, m_host, m_callingAe }) {
        connect(edit, &QLineEdit::textChanged, this, &PacsNodeDialog::updateState);
    }
    connect(m_protocol, &QComboBox::currentIndexChanged, this, &PacsNodeDialog::updateState);
    connect(m_authentication, &QComboBox::currentIndexChanged, this, &PacsNodeDialog::updateState);
    connect(m_port, &QSpinBox::valueChanged, this, &PacsNodeDialog::updateState);
    updateState();
}

pacs::PacsNode PacsNodeDialog::node() const
{
    pacs::PacsNode node;
    node.name = text(m_name).toStdString();
    node.external = m_external->isChecked();
    if (m_protocol->currentIndex() == 1) {
        node.protocol = pacs::PacsProtocol::Dimse;
        node.dimse.calledAeTitle = text(m_calledAe).toStdString();
        node.dimse.host = text(m_host).toStdString();
        node.dimse.port = m_port->value();
        node.dimse.callingAeTitle = text(m_callingAe).toStdString();
        node.dimse.moveReceivePort = m_movePort->value();
        node.dimse.timeoutSeconds = m_timeout->value();
        return node;
    }
    node.protocol = pacs::PacsProtocol::DicomWeb;
    auto parsed = pacs::dicomWebNode(text(m_url).toStdString());
    node.dicomWeb.baseUrl = parsed ? parsed->dicomWeb.baseUrl : text(m_url).toStdString();
    node.dicomWeb.authentication = static_cast<pacs::HttpAuthentication>(m_authentication->currentIndex());
    if (node.dicomWeb.authentication == pacs::HttpAuthentication::Basic) {
        node.dicomWeb.user = text(m_user).toStdString();
        node.dicomWeb.password = m_password->text().toStdString();
    } else if (node.dicomWeb.authentication == pacs::HttpAuthentication::Bearer) {
        node.dicomWeb.token = text(m_token).toStdString();
    }
    node.dicomWeb.readTimeoutSeconds = m_timeout->value();
    return node;
}

QString PacsNodeDialog::problem() const
{
    if (text(m_name).isEmpty()) {
        return tr("Give the node a name.");
    }
    if (m_protocol->currentIndex() == 1) {
        const QString address = QStringLiteral("%1@%2:%3").arg(text(m_calledAe), text(m_host)).arg(m_port->value());
        auto parsed = pacs::dimseNode(address.toStdString(), text(m_callingAe).toStdString());
        if (!parsed) {
            return QString::fromStdString(parsed.error().message);
        }
        if (text(m_callingAe).isEmpty() || text(m_callingAe).size() > 16) {
            return tr("Our calling AE title needs 1 to 16 characters.");
        }
        return {};
    }
    auto parsed = pacs::dicomWebNode(text(m_url).toStdString());
    if (!parsed) {
        return QString::fromStdString(parsed.error().message);
    }
    const int authentication = m_authentication->currentIndex();
    if (authentication == 1 && text(m_user).isEmpty()) {
        return tr("Basic authentication needs a user.");
    }
    if (authentication == 2 && text(m_token).isEmpty()) {
        return tr("Bearer authentication needs a token.");
    }
    return {};
}

void PacsNodeDialog::updateState()
{
    const bool dimse = m_protocol->currentIndex() == 1;
    m_pages->setCurrentIndex(dimse ? 1 : 0);
    const int authentication = m_authentication->currentIndex();
    m_user->setEnabled(authentication == 1);
    m_password->setEnabled(authentication == 1);
    m_token->setEnabled(authentication == 2);
    const QString why = problem();
    m_problem->setText(why);
    m_problem->setVisible(!why.isEmpty());
    m_ok->setEnabled(why.isEmpty());
}

} // namespace dinolens::ui
