// The PDF invoice, read back the way a person would: pdftotext (poppler-utils) extracts its text, and
// pdftoppm draws its first page as a PNG whose pixels are checked. Both tools are required: when one is
// missing the tests fail saying so (scripts/install-deps installs it), they never skip.
#include "billing/invoice_pdf.h"

#include <cairo.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "billing/invoice_document_test_support.h"
#include "support/temp_directory.h"

namespace openmsp::billing {
namespace {

using ::testing::ContainsRegex;
using ::testing::HasSubstr;
using ::testing::Not;

// Runs `command` in a shell; its standard output and exit status.
struct Ran {
  std::string out;
  int status = -1;
};

Ran RunShell(const std::string& command) {
  Ran ran;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return ran;
  std::array<char, 4096> buffer{};
  std::size_t read = 0;
  while ((read = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) ran.out.append(buffer.data(), read);
  ran.status = pclose(pipe);
  return ran;
}

bool HasTool(const char* tool) { return RunShell(std::string("command -v ") + tool + " >/dev/null 2>&1").status == 0; }

struct SurfaceDeleter {
  void operator()(cairo_surface_t* surface) const { cairo_surface_destroy(surface); }
};
using Image = std::unique_ptr<cairo_surface_t, SurfaceDeleter>;

// The colour of pixel (x, y) of an RGB24 or ARGB32 image as 0xRRGGBB.
std::uint32_t PixelAt(cairo_surface_t* image, int x, int y) {
  const unsigned char* row = cairo_image_surface_get_data(image) + y * cairo_image_surface_get_stride(image);
  std::uint32_t pixel = 0;
  std::memcpy(&pixel, row + 4 * x, sizeof pixel);
  return pixel & 0xffffffU;
}

class InvoicePdfTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* tool : {"pdftotext", "pdftoppm"}) {
      ASSERT_TRUE(HasTool(tool)) << tool << " is missing: install Debian's poppler-utils (scripts/install-deps does); "
                                 << "the PDF tests read the invoice back with it";
    }
  }

  // Renders `document` to a file; its path.
  std::string Render(const InvoiceDocument& document, const std::string& name = "invoice.pdf") {
    const Result<std::string> pdf = InvoicePdf(document);
    EXPECT_TRUE(pdf.ok()) << pdf.error().ToString();
    const std::string path = directory_.File(name);
    std::ofstream(path, std::ios::binary) << (pdf.ok() ? *pdf : std::string());
    return path;
  }

  // `pdftotext -layout` of the file: pages separated by form feeds.
  std::string Text(const std::string& path) {
    const Ran ran = RunShell("pdftotext -layout '" + path + "' -");
    EXPECT_EQ(ran.status, 0) << "pdftotext failed on " << path;
    return ran.out;
  }

  // The first page drawn at 50 dpi by pdftoppm.
  Image FirstPage(const std::string& path) {
    const std::string png = directory_.File("page");
    const Ran ran = RunShell("pdftoppm -png -r 50 -f 1 -l 1 -singlefile '" + path + "' '" + png + "'");
    EXPECT_EQ(ran.status, 0) << "pdftoppm failed on " << path;
    return Image(cairo_image_surface_create_from_png((png + ".png").c_str()));
  }

  ::openmsp::test::TempDirectory directory_{"openmsp_invoice_pdf_test"};
};

TEST_F(InvoicePdfTest, AnIssuedInvoiceShowsItsPartiesSessionsVatAndTotalsAsText) {
  const std::string text = Text(Render(samples::SampleInvoiceDocument()));
  EXPECT_THAT(text, HasSubstr("Invoice 2026-000007"));
  EXPECT_THAT(text, HasSubstr("Stroom & Co"));
  EXPECT_THAT(text, HasSubstr("help@stroom.example"));
  EXPECT_THAT(text, HasSubstr("Müller & Söhne, GmbH"));
  EXPECT_THAT(text, HasSubstr("Dam 1, Amsterdam"));
  EXPECT_THAT(text, HasSubstr("VAT number NL000099998B57"));
  EXPECT_THAT(text, HasSubstr("Your reference FL"));
  EXPECT_THAT(text, ContainsRegex("Date +2026-11-02"));
  EXPECT_THAT(text, ContainsRegex("Period +2026-10-01 to 2026-10-31"));
  EXPECT_THAT(text, HasSubstr("Page 1 of 1"));
  EXPECT_THAT(text, Not(HasSubstr("DRAFT")));
  // Each session, in local time: 08:00Z is 10:00 in Amsterdam (CEST), 23:30Z on 31 October 00:30 in Berlin.
  EXPECT_THAT(text, ContainsRegex("2026-10-03 +Café Zürich +NL\\*ALP\\*E1 +FLEET-0001 +12.5 +1:30 +NL 21% +5.00 +6.05"));
  EXPECT_THAT(text, HasSubstr("10:00"));
  EXPECT_THAT(text, ContainsRegex("Laadplein Noord +NL\\*ALP\\*E2 +FLEET-0002 +12.5 +1:30 +NL 21% +11.45 +13.85"));
  EXPECT_THAT(text, ContainsRegex("2026-11-01 .*DE\\*ABC\\*E42 +\\+49 170 +12.5 +1:30 +DE 19% +9.50 +11.31"));
  EXPECT_THAT(text, HasSubstr("converted from CHF 10.00 at 0.95 EUR per CHF"));
  // Cost centres: a heading and a subtotal each.
  EXPECT_THAT(text, HasSubstr("No cost centre"));
  EXPECT_THAT(text, HasSubstr("Cost centre SALES"));
  EXPECT_THAT(text, ContainsRegex("Subtotal +no cost centre +1 session +5.00 +6.05"));
  EXPECT_THAT(text, ContainsRegex("Subtotal +SALES +2 sessions +20.95 +25.16"));
  // The VAT breakdown and the totals, by hand at SampleInvoiceDocument.
  EXPECT_THAT(text, ContainsRegex("DE +19% +1 +9.50 +1.81 +11.31"));
  EXPECT_THAT(text, ContainsRegex("NL +21% +2 +16.45 +3.45 +19.90"));
  EXPECT_THAT(text, ContainsRegex("Total excl. VAT +€ 25.95"));
  EXPECT_THAT(text, ContainsRegex("VAT +€ 5.26"));
  EXPECT_THAT(text, ContainsRegex("Total incl. VAT +€ 31.21"));
}

TEST_F(InvoicePdfTest, TheIssuerIsNamedByItsLegalNameAddressLinesAndVatNumber) {
  InvoiceDocument document = samples::SampleInvoiceDocument();
  document.issuer.name = "Stroom & Co B.V.";
  document.issuer.address = "Keizersgracht 1\n1015 CJ Amsterdam\nNetherlands";
  document.issuer.vat_number = "NL001234567B01";
  const std::string text = Text(Render(document));
  // The issuer's block: each address line on a line of its own, in order, then the VAT number.
  const std::size_t street = text.find("Keizersgracht 1");
  ASSERT_NE(street, std::string::npos) << text;
  const std::size_t town = text.find("1015 CJ Amsterdam", street);
  const std::size_t country = text.find("Netherlands", town);
  const std::size_t vat = text.find("VAT no. NL001234567B01", country);
  ASSERT_NE(vat, std::string::npos) << text;
  EXPECT_NE(text.substr(street, town - street).find('\n'), std::string::npos);
  EXPECT_NE(text.substr(town, country - town).find('\n'), std::string::npos);
  EXPECT_LT(text.find("Stroom & Co B.V."), street);
  // The footer of every page: the address on one line.
  EXPECT_THAT(text, HasSubstr("Stroom & Co B.V. · Keizersgracht 1, 1015 CJ Amsterdam, Netherlands"));
  // The customer's VAT number keeps its own label.
  EXPECT_THAT(text, HasSubstr("VAT number NL000099998B57"));
}

TEST_F(InvoicePdfTest, TheFirstPageIsDrawnInTheTenantsPrimaryColour) {
  const Image page = FirstPage(Render(samples::SampleInvoiceDocument()));
  ASSERT_EQ(cairo_surface_status(page.get()), CAIRO_STATUS_SUCCESS);
  // A4 at 50 dpi: 595.3 × 841.9 points are 413.4 × 584.7 pixels, rounded up.
  ASSERT_EQ(cairo_image_surface_get_width(page.get()), 414);
  ASSERT_EQ(cairo_image_surface_get_height(page.get()), 585);
  int brand = 0;
  int ink = 0;
  for (int y = 0; y < 585; ++y) {
    for (int x = 0; x < 414; ++x) {
      const std::uint32_t pixel = PixelAt(page.get(), x, y);
      brand += pixel == 0x1a7f37U ? 1 : 0;
      ink += pixel != 0xffffffU ? 1 : 0;
    }
  }
  // The band across the top (30 points: 20 pixels × 413) and the table headings are #1a7f37.
  EXPECT_EQ(PixelAt(page.get(), 5, 5), 0x1a7f37U);
  EXPECT_EQ(PixelAt(page.get(), 400, 15), 0x1a7f37U);
  EXPECT_GT(brand, 20 * 413);
  EXPECT_GT(ink, brand + 2000) << "text besides the colour";
}

TEST_F(InvoicePdfTest, ADraftCreditNoteSaysDraftAndWhichInvoiceItCredits) {
  const std::string text = Text(Render(samples::SampleCreditNoteDocument()));
  EXPECT_THAT(text, HasSubstr("DRAFT Credit note"));
  EXPECT_THAT(text, HasSubstr("Not issued: no number yet, not to be paid"));
  EXPECT_THAT(text, ContainsRegex("Credits invoice +2026-000007"));
  EXPECT_THAT(text, HasSubstr("This credit note credits invoice 2026-000007."));
  EXPECT_THAT(text, ContainsRegex("Laadplein Noord +NL\\*ALP\\*E2 +-C7 +12.5 +1:30 +NL 21% +-11.45 +-13.85"));
  EXPECT_THAT(text, ContainsRegex("Total incl. VAT +€ -13.85"));
  EXPECT_THAT(text, HasSubstr("Credited to you: € 13.85."));
}

TEST_F(InvoicePdfTest, ALongInvoiceRunsOverPagesWithTheHeadingRepeated) {
  const InvoiceDocument document = samples::ManyLinesDocument(150);
  const std::string text = Text(Render(document));
  std::vector<std::string> pages;
  std::stringstream split(text);
  for (std::string page; std::getline(split, page, '\f');) {
    if (page.find_first_not_of(" \n") != std::string::npos) pages.push_back(page);
  }
  ASSERT_GE(pages.size(), 3u);
  for (std::size_t i = 0; i < pages.size(); ++i) {
    EXPECT_THAT(pages[i], HasSubstr("Page " + std::to_string(i + 1) + " of " + std::to_string(pages.size())));
    if (i + 1 < pages.size()) {
      EXPECT_THAT(pages[i], ContainsRegex("Date +Location +EVSE ID +Card")) << "page " << i + 1;
    }
    if (i > 0) {
      EXPECT_THAT(pages[i], HasSubstr("Invoice 2026-000007 — Müller & Söhne, GmbH (continued)"));
    }
  }
  // Every session's two amounts are there, each once as a word of its own.
  std::multiset<std::string> words;
  std::stringstream all(text);
  for (std::string word; all >> word;) words.insert(word);
  for (const domain::InvoiceLine& line : document.invoice.invoice.lines) {
    EXPECT_EQ(words.count(line.amount_excl_vat.ToString()), 1u) << line.amount_excl_vat;
    EXPECT_EQ(words.count(line.amount_incl_vat.ToString()), 1u) << line.amount_incl_vat;
  }
  // A long name wraps within its cell, never cut: session 149 started 07:40Z on 3 October, 09:40 there.
  EXPECT_THAT(text, ContainsRegex("2026-10-03 +Laadplein Hövelaken +NL\\*ALP\\*E149 +FLEET-10149"));
  EXPECT_THAT(text, ContainsRegex("\n09:40 +149\n"));
  EXPECT_THAT(text, ContainsRegex("Subtotal +NORTH +60 sessions"));
  EXPECT_THAT(text, ContainsRegex("Subtotal +SOUTH +60 sessions"));
  // Σ (100.00 + i/100) for i < 150 = 15000 + 111.75 = 15111.75.
  EXPECT_EQ(document.invoice.invoice.total_excl_vat, samples::Number("15111.75"));
  EXPECT_THAT(text, ContainsRegex("Total excl. VAT +€ 15111.75"));
}

// A 4 × 2 PNG, solid #d00000, made with cairo.
std::string RedPng() {
  Image image(cairo_image_surface_create(CAIRO_FORMAT_RGB24, 4, 2));
  cairo_t* context = cairo_create(image.get());
  cairo_set_source_rgb(context, 208.0 / 255.0, 0, 0);
  cairo_paint(context);
  cairo_destroy(context);
  std::string bytes;
  cairo_surface_write_to_png_stream(
      image.get(),
      [](void* closure, const unsigned char* data, unsigned int length) {
        static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
        return CAIRO_STATUS_SUCCESS;
      },
      &bytes);
  return bytes;
}

int CountColour(cairo_surface_t* page, std::uint32_t colour) {
  int count = 0;
  for (int y = 0; y < cairo_image_surface_get_height(page); ++y) {
    for (int x = 0; x < cairo_image_surface_get_width(page); ++x) count += PixelAt(page, x, y) == colour ? 1 : 0;
  }
  return count;
}

TEST_F(InvoicePdfTest, APngLogoIsDrawnAndAnyOtherLogoIsLeftOut) {
  InvoiceDocument document = samples::SampleInvoiceDocument();
  document.branding.logo_media_type = "image/png";
  document.branding.logo = RedPng();
  // Scaled to 50 points high (100 wide): about 69 × 35 pixels at 50 dpi.
  EXPECT_GT(CountColour(FirstPage(Render(document, "png.pdf")).get(), 0xd00000U), 60 * 30);

  for (const auto& [type, bytes] : {std::pair<std::string, std::string>{"image/svg+xml", "<svg/>"},
                                    {"image/png", "not a PNG at all"}, {"image/jpeg", "\xff\xd8\xff"}}) {
    document.branding.logo_media_type = type;
    document.branding.logo = bytes;
    const std::string path = Render(document, "other.pdf");
    EXPECT_EQ(CountColour(FirstPage(path).get(), 0xd00000U), 0) << type;
    EXPECT_THAT(Text(path), HasSubstr("Invoice 2026-000007")) << type;
  }
}

TEST_F(InvoicePdfTest, NamesThatAreNotUtf8AreShownNotRefused) {
  InvoiceDocument document = samples::SampleInvoiceDocument();
  document.customer.name = "Bad \xff byte";
  const std::string text = Text(Render(document));
  EXPECT_THAT(text, HasSubstr("Bad "));
  EXPECT_THAT(text, HasSubstr(" byte"));
}

}  // namespace
}  // namespace openmsp::billing
