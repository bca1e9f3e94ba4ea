// OpenBLAS kernel selection in the running process (no re-execution): after selectBlasKernels() OpenBLAS uses
// kernels for this CPU's instruction set, and its matrix products still compute the right numbers.
#include <QtTest/QtTest>

#include <dlfcn.h>
#include <strings.h>
#include <unistd.h>

#include <cstdlib>
#include <vector>

#include "dinolens/core/blas_kernels.h"

namespace {

using NameFunction = char* (*)();
// cblas_sgemm(order, transA, transB, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc)
using SgemmFunction
    = void (*)(int, int, int, int, int, int, float, const float*, int, const float*, int, float, float*, int);
constexpr int kRowMajor = 101;
constexpr int kNoTrans = 111;

NameFunction openBlasCoreName()
{
    return reinterpret_cast<NameFunction>(dlsym(RTLD_DEFAULT, "openblas_get_corename"));
}

} // namespace

class TestBlasKernels : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        if (openBlasCoreName() == nullptr) {
            QSKIP("the BLAS in use is not OpenBLAS (libblas.so.3 alternative)");
        }
        if (std::getenv("OPENBLAS_CORETYPE") != nullptr) {
            QSKIP("OPENBLAS_CORETYPE is set: OpenBLAS follows it and nothing is selected");
        }
    }

    void selectsKernelsForThisCpuInProcess()
    {
        const char* target = dinolens::core::openBlasCoreTypeForCpu();
        if (target == nullptr) {
            QSKIP("this CPU has neither AVX-512 nor AVX2+FMA: OpenBLAS's own choice stands");
        }
        const pid_t before = getpid();
        const char* switched = dinolens::core::selectBlasKernels();
        QCOMPARE(getpid(), before);
        const QByteArray current(openBlasCoreName()());
        if (switched != nullptr) {
            QCOMPARE(current.toLower(), QByteArray(target).toLower());
            QCOMPARE(qgetenv("OPENBLAS_CORETYPE"), QByteArray(target));
        } else {
            // OpenBLAS knew the CPU by name: its choice is a table for this instruction set or a newer one.
            QVERIFY2(strcasecmp(current.constData(), "Prescott") != 0, current.constData());
        }
        // A second call finds the kernels in place.
        qunsetenv("OPENBLAS_CORETYPE");
        QVERIFY(dinolens::core::selectBlasKernels() == nullptr);
        QCOMPARE(QByteArray(openBlasCoreName()()), current);
    }

    void matrixProductIsRightAfterTheSwitch()
    {
        dinolens::core::selectBlasKernels();
        auto sgemm = reinterpret_cast<SgemmFunction>(dlsym(RTLD_DEFAULT, "cblas_sgemm"));
        if (sgemm == nullptr) {
            QSKIP("cblas_sgemm is not exported by the BLAS in use");
        }
        const int m = 67;
        const int n = 53;
        const int k = 129; // odd sizes reach the kernels' edge code
        std::vector<float> a(static_cast<std::size_t>(m * k));
        std::vector<float> b(static_cast<std::size_t>(k * n));
        for (std::size_t i = 0; i < a.size(); ++i) {
            a[i] = static_cast<float>(static_cast<int>(i % 17) - 8) * 0.125f;
        }
        for (std::size_t i = 0; i < b.size(); ++i) {
            b[i] = static_cast<float>(static_cast<int>(i % 13) - 6) * 0.25f;
        }
        std::vector<float> c(static_cast<std::size_t>(m * n), 0.0f);
        sgemm(kRowMajor, kNoTrans, kNoTrans, m, n, k, 1.0f, a.data(), k, b.data(), n, 0.0f, c.data(), n);
        for (int row = 0; row < m; ++row) {
            for (int column = 0; column < n; ++column) {
                double expected = 0.0;
                for (int i = 0; i < k; ++i) {
                    expected += static_cast<double>(a[static_cast<std::size_t>(row * k + i)])
                        * static_cast<double>(b[static_cast<std::size_t>(i * n + column)]);
                }
                QVERIFY2(std::abs(static_cast<double>(c[static_cast<std::size_t>(row * n + column)]) - expected) < 1e-3,
                    qPrintable(QStringLiteral("C[%1,%2]").arg(row).arg(column)));
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestBlasKernels)
#include "tst_blas_kernels.moc"
