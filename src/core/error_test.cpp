#include "core/error.h"

#include <gtest/gtest.h>

#include "core/result.h"

namespace openmsp {
namespace {

Result<int> Half(int value) {
  if (value % 2 != 0) return InvalidArgument("value", std::to_string(value) + " is odd");
  return value / 2;
}

Result<int> Quarter(int value) {
  OPENMSP_ASSIGN_OR_RETURN(int half, Half(value));
  return Half(half);
}

Result<void> CheckQuarter(int value) {
  OPENMSP_RETURN_IF_ERROR(Quarter(value));
  return Ok();
}

TEST(Result, CarriesAValueOrAnError) {
  EXPECT_EQ(*Quarter(8), 2);
  EXPECT_EQ(Quarter(6).error().ToString(), "value: 3 is odd");
  EXPECT_TRUE(CheckQuarter(4).ok());
  EXPECT_EQ(CheckQuarter(2).error().message, "1 is odd");
  EXPECT_THROW(Quarter(6).value(), BadResultAccess);
  EXPECT_EQ(Quarter(6).value_or(-1), -1);
}

TEST(Error, NestsFieldPaths) {
  const Error error = InvalidArgument("price", "must be a number");
  EXPECT_EQ(error.Nested("elements[0]").field, "elements[0].price");
  EXPECT_EQ(InvalidArgument("[2]", "x").Nested("periods").field, "periods[2]");
  EXPECT_EQ(InvalidArgument("", "x").Nested("tariff").field, "tariff");
}

TEST(Error, OneTableMapsCodesToHttpAndOcpi) {
  EXPECT_EQ(HttpStatus(ErrorCode::kInvalidArgument), 400);
  EXPECT_EQ(OcpiStatus(ErrorCode::kInvalidArgument), 2001);
  EXPECT_EQ(HttpStatus(ErrorCode::kUnauthenticated), 401);
  EXPECT_EQ(HttpStatus(ErrorCode::kUnknownToken), 404);
  EXPECT_EQ(OcpiStatus(ErrorCode::kUnknownToken), 2004);
  EXPECT_EQ(OcpiStatus(ErrorCode::kUnknownLocation), 2003);
  EXPECT_EQ(OcpiStatus(ErrorCode::kNotEnoughInformation), 2002);
  EXPECT_EQ(HttpStatus(ErrorCode::kUnavailable), 503);
  EXPECT_EQ(ErrorCodeName(ErrorCode::kConflict), "conflict");
}

}  // namespace
}  // namespace openmsp
