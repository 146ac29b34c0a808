#include "store/repository_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "store/migrations.h"
#include "support/temp_directory.h"

namespace openmsp::store {
namespace {

using std::chrono::milliseconds;

class RepositoryPoolTest : public ::testing::Test {
 protected:
  void SetUp() override { (void)OpenAndMigrate(url_).value(); }

  ManualClock clock_{Instant::FromUnixMilliseconds(0)};
  test::TempDirectory directory_{"openmsp_pool"};
  DatabaseUrl url_ = ParseDatabaseUrl("sqlite:" + directory_.File("openmsp.db")).value();
};

TEST_F(RepositoryPoolTest, LendsAReturnedConnectionAgain) {
  RepositoryPool pool(url_, clock_, 2);
  Repositories* first = nullptr;
  {
    RepositoryPool::Lease lease = pool.Borrow().value();
    first = &*lease;
    EXPECT_TRUE(lease->tenants().List().value().empty());
  }
  RepositoryPool::Lease again = pool.Borrow().value();
  EXPECT_EQ(&*again, first);
}

TEST_F(RepositoryPoolTest, ABorrowerWaitsForAReturnAndGivesUpAfterItsWait) {
  RepositoryPool pool(url_, clock_, 1);
  std::optional<RepositoryPool::Lease> held(pool.Borrow().value());
  Result<RepositoryPool::Lease> refused = pool.Borrow(milliseconds(20));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(refused.error().field, "database");

  std::thread returner([&held] {
    std::this_thread::sleep_for(milliseconds(50));
    held.reset();
  });
  EXPECT_TRUE(pool.Borrow(milliseconds(5000)).ok());
  returner.join();
}

TEST_F(RepositoryPoolTest, ADiscardedConnectionIsReplacedByANewOne) {
  RepositoryPool pool(url_, clock_, 1);
  Repositories* first = nullptr;
  {
    RepositoryPool::Lease lease = pool.Borrow().value();
    first = &*lease;
    lease.Discard();
  }
  RepositoryPool::Lease fresh = pool.Borrow(milliseconds(100)).value();
  EXPECT_TRUE(fresh->tenants().List().ok());
  (void)first;  // the address may be reused by the allocator; the pool had room for a new one
}

TEST_F(RepositoryPoolTest, ManyThreadsShareFewConnections) {
  RepositoryPool pool(url_, clock_, 2);
  std::atomic<int> done{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 6; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 50; ++i) {
        RepositoryPool::Lease lease = pool.Borrow().value();
        if (lease->tenants().List().ok()) done.fetch_add(1);
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(done.load(), 300);
}

TEST_F(RepositoryPoolTest, ADatabaseThatCannotBeOpenedIsReportedAndLeavesRoom) {
  RepositoryPool pool(ParseDatabaseUrl("sqlite:/no/such/directory/openmsp.db").value(), clock_, 1);
  Result<RepositoryPool::Lease> first = pool.Borrow(milliseconds(10));
  ASSERT_FALSE(first.ok());
  Result<RepositoryPool::Lease> second = pool.Borrow(milliseconds(10));
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().field, "database");  // it tried to open again, not timed out waiting
  EXPECT_NE(second.error().message.find("/no/such/directory"), std::string::npos);
}

}  // namespace
}  // namespace openmsp::store
