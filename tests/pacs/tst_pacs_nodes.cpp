// PACS node settings (JSON texts as plain literals: moc does not read raw strings): command-line addresses and the JSON
// node file.
#include <QtTest/QtTest>

#include <nlohmann/json.hpp>

#include "dinolens/pacs/pacs_node.h"

using namespace dinolens;

class TestPacsNodes : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void dimseAddressIsParsed()
    {
        const auto node = pacs::dimseNode("ORTHANC@pacs.local:4242", "ME");
        QVERIFY(node.ok());
        QCOMPARE(node->dimse.calledAeTitle, std::string("ORTHANC"));
        QCOMPARE(node->dimse.host, std::string("pacs.local"));
        QCOMPARE(node->dimse.port, 4242);
        QCOMPARE(node->dimse.callingAeTitle, std::string("ME"));
        QCOMPARE(node->describe(), std::string("DIMSE ORTHANC@pacs.local:4242"));
    }

    void badDimseAddressesAreRefused()
    {
        for (const char* address : { "host:104", "AET@host", "AET@host:0", "AET@host:70000", "AET@host:12x",
                 "@host:104", "SEVENTEEN_CHARS_X@host:104" }) {
            const auto node = pacs::dimseNode(address);
            QVERIFY2(!node.ok(), address);
            QCOMPARE(node.error().code, core::ErrorCode::InvalidArgument);
        }
    }

    void dicomWebUrlIsChecked()
    {
        const auto node = pacs::dicomWebNode("https://pacs/dicom-web//");
        QVERIFY(node.ok());
        QCOMPARE(node->dicomWeb.baseUrl, std::string("https://pacs/dicom-web"));
        QVERIFY(!pacs::dicomWebNode("ftp://pacs").ok());
        QVERIFY(!pacs::dicomWebNode("http://").ok());
    }

    void nodeFileRoundTrips()
    {
        const auto document
            = nlohmann::json::parse("{\"nodes\": ["
                                    "            {\"name\": \"web\", \"dicomweb\": {\"url\": "
                                    "\"http://127.0.0.1:8042/dicom-web\", \"auth\": \"basic\", \"user\": \"u\","
                                    "             \"password\": \"p\", \"read_timeout\": 7}, \"external\": true},"
                                    "            {\"name\": \"old\", \"dimse\": {\"called_aet\": \"PACS\", \"host\": "
                                    "\"10.0.0.2\", \"port\": 11112, \"move_port\": 11113}}]}");
        const auto nodes = pacs::parsePacsNodes(document);
        QVERIFY2(nodes.ok(), nodes.ok() ? "" : nodes.error().toString().c_str());
        QCOMPARE(nodes->size(), std::size_t(2));
        QCOMPARE((*nodes)[0].dicomWeb.authentication, pacs::HttpAuthentication::Basic);
        QCOMPARE((*nodes)[0].dicomWeb.readTimeoutSeconds, 7);
        QVERIFY((*nodes)[0].external);
        QCOMPARE((*nodes)[1].protocol, pacs::PacsProtocol::Dimse);
        QCOMPARE((*nodes)[1].dimse.moveReceivePort, 11113);
        const auto again = pacs::parsePacsNodes(pacs::pacsNodesToJson(*nodes));
        QVERIFY(again.ok());
        QCOMPARE((*again)[1].dimse.calledAeTitle, std::string("PACS"));
        QCOMPARE(pacs::findNode(*again, "old")->dimse.port, 11112);
        QCOMPARE(pacs::findNode(*again, "missing").error().code, core::ErrorCode::NotFound);
    }

    void badNodeFilesAreRefused()
    {
        for (const char* text : { "{}", "{\"nodes\": [{\"dicomweb\": {\"url\": \"http://a\"}}]}",
                 "{\"nodes\": [{\"name\": \"a\", \"dicomweb\": {\"url\": \"http://a\"}}, {\"name\": \"a\", "
                 "\"dicomweb\": {\"url\": \"http://b\"}}]}",
                 "{\"nodes\": [{\"name\": \"a\"}]}",
                 "{\"nodes\": [{\"name\": \"a\", \"dicomweb\": {\"url\": \"http://a\", \"auth\": \"kerberos\"}}]}",
                 "{\"nodes\": [{\"name\": \"a\", \"dimse\": {\"called_aet\": \"X\", \"host\": \"h\", \"port\": "
                 "\"104\"}}]}" }) {
            const auto nodes = pacs::parsePacsNodes(nlohmann::json::parse(text));
            QVERIFY2(!nodes.ok(), text);
        }
        QCOMPARE(pacs::readPacsNodesFile("/nonexistent/nodes.json").error().code, core::ErrorCode::NotFound);
    }
};

QTEST_GUILESS_MAIN(TestPacsNodes)
#include "tst_pacs_nodes.moc"
