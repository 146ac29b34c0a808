#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "run_process.h"

namespace openmsp {
namespace {

using test::ProcessResult;
using test::RunProcess;
using ::testing::HasSubstr;

ProcessResult Openmsp(std::vector<std::string> args) {
  args.insert(args.begin(), OPENMSP_BINARY);
  return RunProcess(args);
}

void ExpectPrints(const std::vector<std::string>& args, const std::string& line) {
  const ProcessResult result = Openmsp(args);
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, line + "\n");
  EXPECT_EQ(result.err, "");
}

void ExpectRefuses(const std::vector<std::string>& args, const std::string& message) {
  const ProcessResult result = Openmsp(args);
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(result.out, "");
  EXPECT_EQ(result.err, message + "\n");
}

TEST(EmaidCheck, PrintsTheCanonicalIdAndItsStandard) {
  ExpectPrints({"emaid", "check", "nl-tnm-c00122045-k"}, "NL-TNM-C00122045-K (EMI3)");
  ExpectPrints({"emaid", "check", "NLTNM000122045U"}, "NL-TNM-000122045-U (ISO)");
  ExpectPrints({"emaid", "check", "NL-TNM-000122045"}, "NL-TNM-000122045-U (ISO)");
  ExpectPrints({"emaid", "check", "NL*TNM*122045*0"}, "NL-TNM-122045-0 (DIN)");
  ExpectPrints({"emaid", "check", "  DE-8AA-CA2B3C4D5-L\t"}, "DE-8AA-CA2B3C4D5-L (EMI3)");
}

TEST(EmaidCheck, ExplainsOnStderrWhyAnIdIsInvalid) {
  ExpectRefuses(
      {"emaid", "check", "NL-TNM-000122045-X"},
      "openmsp emaid: 'NL-TNM-000122045-X' is not a valid EMA-ID: check digit is 'X' but should be 'U'");
  ExpectRefuses(
      {"emaid", "check", "ZZ-TNM-C00122045"},
      "openmsp emaid: 'ZZ-TNM-C00122045' is not a valid EMA-ID: country code 'ZZ' is not an assigned "
      "ISO 3166-1 alpha-2 code");
  ExpectRefuses(
      {"emaid", "check", "NL-TNM-C0012204"},
      "openmsp emaid: 'NL-TNM-C0012204' is not a valid EMA-ID: instance must be 9 characters (ISO 15118, "
      "eMI3) or 6 (DIN SPEC 91286), got 8");
  ExpectRefuses({"emaid", "check", ""}, "openmsp emaid: '' is not a valid EMA-ID: EMA-ID is empty");
}

TEST(EmaidCheck, NeverEchoesRawBytesOrHugeInput) {
  const ProcessResult binary = Openmsp({"emaid", "check", "NL\x1B[31m\xFF"});
  EXPECT_EQ(binary.exit_code, 1);
  EXPECT_THAT(binary.err, HasSubstr("'NL\\x1B[31m\\xFF'"));

  const ProcessResult huge = Openmsp({"emaid", "check", std::string(1000, 'A')});
  EXPECT_EQ(huge.exit_code, 1);
  EXPECT_THAT(huge.err, HasSubstr("...' (1000 bytes) is not a valid EMA-ID"));
  EXPECT_LT(huge.err.size(), 300U);
}

TEST(EmaidComplete, AddsTheCheckDigit) {
  ExpectPrints({"emaid", "complete", "NL-TNM-000122045"}, "NL-TNM-000122045-U (ISO)");
  ExpectPrints({"emaid", "complete", "DE8ACC12E46L89"}, "DE-8AC-C12E46L89-1 (EMI3)");
  ExpectPrints({"emaid", "complete", "nl*tnm*122045"}, "NL-TNM-122045-0 (DIN)");
}

TEST(EmaidComplete, RefusesAnIdThatAlreadyHasACheckDigit) {
  ExpectRefuses(
      {"emaid", "complete", "NL-TNM-000122045-U"},
      "openmsp emaid: 'NL-TNM-000122045-U' is not a valid EMA-ID: EMA-ID already has a check digit ('U'); "
      "leave it out to have it computed");
}

TEST(Emaid, UsageErrorsExitWith2) {
  for (const std::vector<std::string>& args :
       std::vector<std::vector<std::string>>{{"emaid"},
                                             {"emaid", "check"},
                                             {"emaid", "frobnicate", "NL-TNM-000122045"},
                                             {"emaid", "check", "NL-TNM-000122045", "extra"}}) {
    const ProcessResult result = Openmsp(args);
    EXPECT_EQ(result.exit_code, 2) << args.back();
    EXPECT_EQ(result.out, "") << args.back();
    EXPECT_FALSE(result.err.empty()) << args.back();
  }
}

TEST(RunProcess, ReportsAProgramThatCannotStart) {
  const ProcessResult result = RunProcess({"/nonexistent/program"});
  EXPECT_EQ(result.exit_code, 127);
  EXPECT_THAT(result.err, HasSubstr("cannot start /nonexistent/program"));
}

TEST(RunProcess, KillsAProgramThatOutlivesItsTimeout) {
  const ProcessResult result = RunProcess({"/bin/sleep", "30"}, std::chrono::milliseconds(100));
  EXPECT_TRUE(result.timed_out);
  EXPECT_EQ(result.exit_code, 128 + SIGKILL);
}

TEST(RunProcess, StartsInTheBackgroundAndStops) {
  const pid_t pid = test::StartProcess({"/bin/sleep", "30"});
  EXPECT_EQ(test::StopProcess(pid), 128 + SIGTERM);
}

}  // namespace
}  // namespace openmsp
