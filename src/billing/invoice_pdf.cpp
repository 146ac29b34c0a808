#include "billing/invoice_pdf.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <fmt/core.h>
#include <glib.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <charconv>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "billing/invoice_assembly.h"

namespace openmsp::billing {
namespace {

using domain::InvoiceKind;
using domain::InvoiceLine;
using domain::NewInvoice;

// A4 in PostScript points, and the page's furniture.
constexpr double kPageWidth = 595.276;
constexpr double kPageHeight = 841.890;
constexpr double kMargin = 42.0;
constexpr double kBand = 30.0;
constexpr double kFooter = 36.0;
constexpr double kContentWidth = kPageWidth - 2 * kMargin;
constexpr double kCellPadding = 2.5;
constexpr const char* kFont = "DejaVu Sans";

struct Rgb {
  double red = 0;
  double green = 0;
  double blue = 0;
};

const Rgb kBlack{0.10, 0.10, 0.10};
const Rgb kGrey{0.45, 0.45, 0.45};
const Rgb kRule{0.82, 0.82, 0.82};
const Rgb kWhite{1, 1, 1};

// `#rrggbb` (NormaliseBranding's form); OpenMSP's dark blue for anything else.
Rgb ColourOf(std::string_view text) {
  const Rgb fallback{0.11, 0.24, 0.45};
  if (text.size() != 7 || text[0] != '#') return fallback;
  unsigned value = 0;
  const auto [end, error] = std::from_chars(text.data() + 1, text.data() + 7, value, 16);
  if (error != std::errc() || end != text.data() + 7) return fallback;
  return {static_cast<double>((value >> 16) & 0xffU) / 255.0, static_cast<double>((value >> 8) & 0xffU) / 255.0,
          static_cast<double>(value & 0xffU) / 255.0};
}

// White on a dark brand colour, near-black on a light one.
Rgb TextOn(const Rgb& background) {
  const double luminance = 0.2126 * background.red + 0.7152 * background.green + 0.0722 * background.blue;
  return luminance > 0.6 ? kBlack : kWhite;
}

std::string Money(const Decimal& amount, const Currency& currency) {
  return amount.Rounded(currency.minor_units(), RoundingMode::kHalfUp).ToString();
}

// The currency's sign where it has a common one, else its code: `€ 31.21`, `CHF 9.50`.
std::string MoneyWithSign(const Decimal& amount, const Currency& currency) {
  const std::string_view code = currency.code();
  const std::string_view sign = code == "EUR" ? "€" : code == "GBP" ? "£" : code == "USD" ? "$" : code;
  return std::string(sign) + " " + Money(amount, currency);
}

std::string Quantity(const Decimal& value) { return value.Normalized().ToString(); }

std::string SessionCount(int count) { return std::to_string(count) + (count == 1 ? " session" : " sessions"); }

struct LayoutDeleter {
  void operator()(PangoLayout* layout) const { g_object_unref(layout); }
};
using LayoutPtr = std::unique_ptr<PangoLayout, LayoutDeleter>;

struct FontDeleter {
  void operator()(PangoFontDescription* font) const { pango_font_description_free(font); }
};
using FontPtr = std::unique_ptr<PangoFontDescription, FontDeleter>;

struct SurfaceDeleter {
  void operator()(cairo_surface_t* surface) const { cairo_surface_destroy(surface); }
};
using SurfacePtr = std::unique_ptr<cairo_surface_t, SurfaceDeleter>;

struct ContextDeleter {
  void operator()(cairo_t* context) const { cairo_destroy(context); }
};
using ContextPtr = std::unique_ptr<cairo_t, ContextDeleter>;

// How a piece of text is set.
struct Style {
  double size = 8;
  bool bold = false;
  bool right = false;
  Rgb colour = kBlack;
};

// One column of the sessions table.
struct Column {
  const char* heading;
  double width;
  bool right;
};

constexpr Column kColumns[] = {
    {"Date", 56, false},     {"Location", 92, false}, {"EVSE ID", 80, false},
    {"Card", 70, false},     {"kWh", 36, true},       {"Duration", 44, true},
    {"VAT", 37, true},       {"Excl. VAT", 50, true}, {"Incl. VAT", 50, true},
};
static_assert(sizeof(kColumns) / sizeof(kColumns[0]) == 9);

// A laid-out row: one layout per cell and the row's height.
struct Row {
  std::vector<LayoutPtr> cells;
  std::vector<double> x;
  double height = 0;
};

// The reading callback of `cairo_image_surface_create_from_png_stream`: the logo's bytes.
struct PngSource {
  std::string_view bytes;
  std::size_t offset = 0;
};

cairo_status_t ReadPng(void* closure, unsigned char* data, unsigned int length) {
  auto* source = static_cast<PngSource*>(closure);
  if (source->bytes.size() - source->offset < length) return CAIRO_STATUS_READ_ERROR;
  std::copy_n(source->bytes.data() + source->offset, length, data);
  source->offset += length;
  return CAIRO_STATUS_SUCCESS;
}

cairo_status_t AppendBytes(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

// The tenant's logo when it is a PNG that decodes; nothing otherwise (docs/billing.md, "PDF").
SurfacePtr DecodeLogo(const domain::Branding& branding) {
  if (branding.logo_media_type != "image/png" || branding.logo.empty()) return nullptr;
  PngSource source{.bytes = branding.logo, .offset = 0};
  SurfacePtr logo(cairo_image_surface_create_from_png_stream(ReadPng, &source));
  if (cairo_surface_status(logo.get()) != CAIRO_STATUS_SUCCESS) return nullptr;
  if (cairo_image_surface_get_width(logo.get()) <= 0 || cairo_image_surface_get_height(logo.get()) <= 0) return nullptr;
  return logo;
}

// Lays out and draws one document. Run twice: once measuring only (`drawing` false) to count the pages,
// then drawing with that count for "page N of M".
class PdfPages {
 public:
  PdfPages(cairo_t* context, const InvoiceDocument& document, cairo_surface_t* logo, bool drawing, int page_count)
      : context_(context),
        document_(document),
        body_(document.invoice.invoice),
        logo_(logo),
        drawing_(drawing),
        page_count_(page_count),
        brand_(ColourOf(document.branding.primary_colour)),
        on_brand_(TextOn(brand_)) {}

  void Render() {
    StartPage();
    Sessions();
    VatAndTotals();
    FinishPage();
  }

  int pages() const { return page_; }

 private:
  bool Draft() const { return document_.invoice.status == domain::InvoiceStatus::kDraft; }
  bool CreditNote() const { return body_.kind == InvoiceKind::kCreditNote; }
  double Bottom() const { return kPageHeight - kFooter; }

  std::string Title() const {
    const std::string kind = CreditNote() ? "Credit note" : "Invoice";
    if (Draft()) return "DRAFT " + kind;
    return kind + " " + document_.invoice.number;
  }

  // `width` 0: one line, as long as the text.
  LayoutPtr Layout(std::string_view text, double width, const Style& style) const {
    LayoutPtr layout(pango_cairo_create_layout(context_));
    FontPtr font(pango_font_description_from_string(kFont));
    pango_font_description_set_absolute_size(font.get(), style.size * PANGO_SCALE);
    if (style.bold) pango_font_description_set_weight(font.get(), PANGO_WEIGHT_BOLD);
    pango_layout_set_font_description(layout.get(), font.get());
    if (width > 0) pango_layout_set_width(layout.get(), pango_units_from_double(width));
    pango_layout_set_wrap(layout.get(), PANGO_WRAP_WORD_CHAR);
    pango_layout_set_alignment(layout.get(), style.right ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
    // Pango wants valid UTF-8; whatever the store holds is shown, bad bytes as U+FFFD.
    gchar* valid = g_utf8_make_valid(text.data(), static_cast<gssize>(text.size()));
    pango_layout_set_text(layout.get(), valid, -1);
    g_free(valid);
    return layout;
  }

  static double HeightOf(PangoLayout* layout) {
    int width = 0;
    int height = 0;
    pango_layout_get_size(layout, &width, &height);
    return pango_units_to_double(height);
  }

  void Colour(const Rgb& colour) const { cairo_set_source_rgb(context_, colour.red, colour.green, colour.blue); }

  void Show(PangoLayout* layout, double x, double y, const Rgb& colour) const {
    if (!drawing_) return;
    Colour(colour);
    cairo_move_to(context_, x, y);
    pango_cairo_show_layout(context_, layout);
  }

  // Sets `text` at (x, y) within `width`; its height.
  double Text(std::string_view text, double x, double y, double width, const Style& style) const {
    LayoutPtr layout = Layout(text, width, style);
    Show(layout.get(), x, y, style.colour);
    return HeightOf(layout.get());
  }

  void Fill(double x, double y, double width, double height, const Rgb& colour) const {
    if (!drawing_) return;
    Colour(colour);
    cairo_rectangle(context_, x, y, width, height);
    cairo_fill(context_);
  }

  void Rule(double y) const {
    if (!drawing_) return;
    Colour(kRule);
    cairo_set_line_width(context_, 0.5);
    cairo_move_to(context_, kMargin, y);
    cairo_line_to(context_, kMargin + kContentWidth, y);
    cairo_stroke(context_);
  }

  void Watermark() const {
    if (!drawing_ || !Draft()) return;
    LayoutPtr layout = Layout("DRAFT", 0, {.size = 120, .bold = true, .right = false, .colour = kBlack});
    int width = 0;
    int height = 0;
    pango_layout_get_size(layout.get(), &width, &height);
    cairo_save(context_);
    cairo_translate(context_, kPageWidth / 2, kPageHeight / 2);
    cairo_rotate(context_, -0.9);
    cairo_set_source_rgba(context_, 0.85, 0.15, 0.15, 0.18);
    cairo_move_to(context_, -pango_units_to_double(width) / 2, -pango_units_to_double(height) / 2);
    pango_cairo_show_layout(context_, layout.get());
    cairo_restore(context_);
  }

  void StartPage() {
    if (page_ > 0) FinishPage();
    ++page_;
    Watermark();
    Fill(0, 0, kPageWidth, kBand, brand_);
    Text(document_.branding.display_name, kMargin, 9, kContentWidth * 0.6,
         {.size = 11, .bold = true, .right = false, .colour = on_brand_});
    Text(fmt::format("Page {} of {}", page_, page_count_), kMargin + kContentWidth * 0.6, 10.5,
         kContentWidth * 0.4, {.size = 8, .bold = false, .right = true, .colour = on_brand_});
    y_ = kBand + 14;
    if (page_ == 1) {
      FirstPageHeader();
    } else {
      y_ += Text(Title() + " — " + document_.customer.name + " (continued)", kMargin, y_, kContentWidth,
                 {.size = 10, .bold = true, .right = false, .colour = kBlack}) +
            8;
    }
  }

  void FinishPage() {
    const InvoiceParty& issuer = document_.issuer;
    std::string footer = issuer.name;
    for (const std::string* part : {&issuer.address, &issuer.vat_number, &issuer.email}) {
      if (part->empty()) continue;
      footer += " · " + (part == &issuer.vat_number ? "VAT no. " + *part : OneLine(*part));
    }
    Text(footer, kMargin, kPageHeight - kFooter + 12, kContentWidth * 0.75,
         {.size = 7, .bold = false, .right = false, .colour = kGrey});
    Text(Draft() ? "DRAFT" : document_.invoice.number, kMargin + kContentWidth * 0.75, kPageHeight - kFooter + 12,
         kContentWidth * 0.25, {.size = 7, .bold = false, .right = true, .colour = kGrey});
    if (drawing_) cairo_show_page(context_);
  }

  // Issuer and logo on the left, the document's title and facts on the right, the customer below.
  void FirstPageHeader() {
    double left = y_;
    if (logo_ != nullptr) {
      const double width = cairo_image_surface_get_width(logo_);
      const double height = cairo_image_surface_get_height(logo_);
      const double scale = std::min(150.0 / width, 50.0 / height);
      if (drawing_) {
        cairo_save(context_);
        cairo_translate(context_, kMargin, left);
        cairo_scale(context_, scale, scale);
        cairo_set_source_surface(context_, logo_, 0, 0);
        cairo_paint(context_);
        cairo_restore(context_);
      }
      left += height * scale + 8;
    }
    left += Party(document_.issuer, "", kMargin, left, 250, "VAT no. ");

    const double facts_x = kMargin + 290;
    const double facts_width = kContentWidth - 290;
    double right = y_;
    right += Text(Title(), facts_x, right, facts_width, {.size = 16, .bold = true, .right = true, .colour = brand_});
    if (Draft()) {
      right += Text("Not issued: no number yet, not to be paid", facts_x, right, facts_width,
                    {.size = 8, .bold = true, .right = true, .colour = Rgb{0.75, 0.1, 0.1}});
    }
    right += 4;
    std::vector<std::pair<std::string, std::string>> facts = {
        {"Number", Draft() ? "—" : document_.invoice.number},
        {"Date", document_.invoice.issued_at ? UtcDate(*document_.invoice.issued_at) : "—"},
        {"Period", UtcDate(domain::PeriodStart(body_.period)) + " to " +
                       UtcDate(domain::PeriodEnd(body_.period) - std::chrono::days(1))},
        {"Currency", std::string(body_.currency.code())},
    };
    if (document_.invoice.status != domain::InvoiceStatus::kIssued && !Draft()) {
      facts.emplace_back("Status", std::string(domain::InvoiceStatusName(document_.invoice.status)));
    }
    if (CreditNote()) facts.emplace_back("Credits invoice", document_.credited_invoice_number);
    for (const auto& [name, value] : facts) {
      Text(name, facts_x, right, 70, {.size = 8.5, .bold = false, .right = false, .colour = kGrey});
      right += Text(value, facts_x + 70, right, facts_width - 70,
                    {.size = 8.5, .bold = true, .right = true, .colour = kBlack}) +
               1.5;
    }
    y_ = std::max(left, right) + 14;
    y_ += Party(document_.customer, "Bill to", kMargin, y_, 280) + 10;
    if (CreditNote()) {
      y_ += Text("This credit note credits invoice " + document_.credited_invoice_number + ".", kMargin, y_,
                 kContentWidth, {.size = 9, .bold = true, .right = false, .colour = kBlack}) +
            8;
    }
    y_ += Text("Amounts in " + std::string(body_.currency.code()) + ". Each session's date and time are local to "
               "the country of charging.",
               kMargin, y_, kContentWidth, {.size = 7.5, .bold = false, .right = false, .colour = kGrey}) +
          6;
  }

  // A party's block (an address of several lines drawn as such, the VAT number after `vat_label`); its
  // height.
  double Party(const InvoiceParty& party, std::string_view heading, double x, double y, double width,
               std::string_view vat_label = "VAT number ") const {
    const double top = y;
    if (!heading.empty()) {
      y += Text(heading, x, y, width, {.size = 7.5, .bold = true, .right = false, .colour = kGrey}) + 1;
    }
    y += Text(party.name, x, y, width, {.size = 10, .bold = true, .right = false, .colour = kBlack}) + 1;
    const Style plain{.size = 8.5, .bold = false, .right = false, .colour = kBlack};
    if (!party.address.empty()) y += Text(party.address, x, y, width, plain);
    if (!party.vat_number.empty()) y += Text(std::string(vat_label) + party.vat_number, x, y, width, plain);
    if (!party.email.empty()) y += Text(party.email, x, y, width, plain);
    if (!party.reference.empty()) y += Text("Your reference " + party.reference, x, y, width, plain);
    return y - top;
  }

  Row MakeRow(const std::vector<std::string>& texts, const Style& style) const {
    Row row;
    double x = kMargin;
    for (std::size_t i = 0; i < texts.size(); ++i) {
      const Column& column = kColumns[i];
      Style cell = style;
      cell.right = column.right;
      row.cells.push_back(Layout(texts[i], column.width - 2 * kCellPadding, cell));
      row.x.push_back(x + kCellPadding);
      row.height = std::max(row.height, HeightOf(row.cells.back().get()));
      x += column.width;
    }
    row.height += 2 * kCellPadding;
    return row;
  }

  // One row spanning the table: a cost centre's heading, a conversion note.
  Row WideRow(std::string_view text, const Style& style, double indent) const {
    Row row;
    row.cells.push_back(Layout(text, kContentWidth - 2 * kCellPadding - indent, style));
    row.x.push_back(kMargin + kCellPadding + indent);
    row.height = HeightOf(row.cells.back().get()) + 2 * kCellPadding;
    return row;
  }

  void Draw(const Row& row, const Rgb& colour, std::optional<Rgb> background, bool rule) {
    if (background) Fill(kMargin, y_, kContentWidth, row.height, *background);
    for (std::size_t i = 0; i < row.cells.size(); ++i) Show(row.cells[i].get(), row.x[i], y_ + kCellPadding, colour);
    y_ += row.height;
    if (rule) Rule(y_);
  }

  void TableHeading() {
    std::vector<std::string> headings;
    for (const Column& column : kColumns) headings.emplace_back(column.heading);
    const Row row = MakeRow(headings, {.size = 7.5, .bold = true, .right = false, .colour = on_brand_});
    Draw(row, on_brand_, brand_, false);
  }

  // A row of the sessions table, on a new page (under the repeated heading) when it does not fit.
  void TableRow(const Row& row, const Rgb& colour, std::optional<Rgb> background, bool rule) {
    if (y_ + row.height > Bottom()) {
      StartPage();
      TableHeading();
    }
    Draw(row, colour, background, rule);
  }

  void Sessions() {
    const Currency& currency = body_.currency;
    const std::vector<CostCentreSubtotal> subtotals = CostCentreSubtotals(body_);
    const bool grouped = !(subtotals.size() == 1 && subtotals.front().cost_centre.empty());
    const Style plain{.size = 7.5, .bold = false, .right = false, .colour = kBlack};
    const Style bold{.size = 7.5, .bold = true, .right = false, .colour = kBlack};
    const Rgb group_background{0.94, 0.94, 0.94};
    TableHeading();
    for (std::size_t i = 0; i < body_.lines.size(); ++i) {
      const InvoiceLine& line = body_.lines[i];
      if (grouped && (i == 0 || line.cost_centre != body_.lines[i - 1].cost_centre)) {
        const std::string name = line.cost_centre.empty() ? "No cost centre" : "Cost centre " + line.cost_centre;
        TableRow(WideRow(name, bold, 0), kBlack, group_background, false);
      }
      const LocalDateTime local = SessionLocalStart(line.session_start, line.vat_country);
      TableRow(MakeRow({fmt::format("{:04}-{:02}-{:02} {:02}:{:02}", local.year, local.month, local.day, local.hour,
                                    local.minute),
                        line.location, line.evse, line.card, Quantity(line.energy_kwh),
                        HoursAndMinutes(line.duration_hours),
                        fmt::format("{} {}%", line.vat_country.alpha2, Quantity(line.vat_percent)),
                        Money(line.amount_excl_vat, currency), Money(line.amount_incl_vat, currency)},
                       plain),
               kBlack, std::nullopt, !line.original_currency);
      if (line.original_currency) {
        TableRow(WideRow(fmt::format("converted from {} {} at {} {} per {}", line.original_currency->code(),
                                     line.original_amount_excl_vat->ToString(), Quantity(*line.exchange_rate),
                                     currency.code(), line.original_currency->code()),
                         {.size = 6.5, .bold = false, .right = false, .colour = kGrey}, kColumns[0].width),
                 kGrey, std::nullopt, true);
      }
      const bool last_of_group = i + 1 == body_.lines.size() || body_.lines[i + 1].cost_centre != line.cost_centre;
      const auto subtotal_of = std::find_if(subtotals.begin(), subtotals.end(), [&](const CostCentreSubtotal& candidate) {
        return candidate.cost_centre == line.cost_centre;
      });
      if (grouped && last_of_group && subtotal_of != subtotals.end()) {
        const CostCentreSubtotal& subtotal = *subtotal_of;
        const std::string name = subtotal.cost_centre.empty() ? "no cost centre" : subtotal.cost_centre;
        TableRow(MakeRow({"Subtotal", name, SessionCount(subtotal.sessions), "", "", "", "",
                          Money(subtotal.amount_excl_vat, currency), Money(subtotal.amount_incl_vat, currency)},
                         bold),
                 kBlack, std::nullopt, true);
      }
    }
  }

  // The VAT breakdown and the totals, kept together on one page.
  void VatAndTotals() {
    const Currency& currency = body_.currency;
    const std::vector<VatBreakdownRow> breakdown = VatBreakdown(body_);
    const double needed = 40 + 14.0 * static_cast<double>(breakdown.size() + 1) + 60;
    y_ += 14;
    if (y_ + needed > Bottom()) StartPage();
    y_ += Text("VAT per country and rate", kMargin, y_, kContentWidth,
               {.size = 9, .bold = true, .right = false, .colour = kBlack}) +
          4;
    const double widths[] = {90, 60, 60, 100, 90, 115};
    const auto row = [&](const std::vector<std::string>& cells, bool bold, std::optional<Rgb> background,
                         const Rgb& colour) {
      double x = kMargin;
      double height = 0;
      std::vector<LayoutPtr> layouts;
      for (std::size_t i = 0; i < cells.size(); ++i) {
        layouts.push_back(Layout(cells[i], widths[i] - 2 * kCellPadding,
                                 {.size = 7.5, .bold = bold, .right = i > 0, .colour = colour}));
        height = std::max(height, HeightOf(layouts.back().get()));
      }
      height += 2 * kCellPadding;
      if (background) Fill(kMargin, y_, kContentWidth, height, *background);
      for (std::size_t i = 0; i < cells.size(); ++i) {
        Show(layouts[i].get(), x + kCellPadding, y_ + kCellPadding, colour);
        x += widths[i];
      }
      y_ += height;
      Rule(y_);
    };
    row({"Country", "Rate", "Sessions", "Taxable amount", "VAT", "Amount incl. VAT"}, true, brand_, on_brand_);
    for (const VatBreakdownRow& vat : breakdown) {
      row({std::string(vat.country.alpha2), Quantity(vat.percent) + "%", std::to_string(vat.sessions),
           Money(vat.taxable_amount, currency), Money(vat.vat_amount, currency), Money(vat.amount_incl_vat, currency)},
          false, std::nullopt, kBlack);
    }
    y_ += 12;
    const double label_x = kMargin + kContentWidth - 260;
    const std::pair<const char*, const Decimal*> totals[] = {
        {"Total excl. VAT", &body_.total_excl_vat},
        {"VAT", &body_.vat_amount},
        {"Total incl. VAT", &body_.total_incl_vat},
    };
    for (const auto& [label, amount] : totals) {
      const bool last = amount == &body_.total_incl_vat;
      const Style style{.size = last ? 11.0 : 9.0, .bold = last, .right = false, .colour = kBlack};
      Text(label, label_x, y_, 140, style);
      Style value = style;
      value.right = true;
      y_ += Text(MoneyWithSign(*amount, currency), label_x + 140, y_, 120, value) + 3;
    }
    if (CreditNote()) {
      y_ += 6;
      Text("Credited to you: " + MoneyWithSign(-body_.total_incl_vat, currency) + ".", label_x, y_, 260,
           {.size = 8, .bold = false, .right = true, .colour = kGrey});
    }
  }

  cairo_t* context_;
  const InvoiceDocument& document_;
  const NewInvoice& body_;
  cairo_surface_t* logo_;
  bool drawing_;
  int page_count_;
  Rgb brand_;
  Rgb on_brand_;
  int page_ = 0;
  double y_ = 0;
};

}  // namespace

#if defined(__SANITIZE_ADDRESS__)
// fontconfig, which pango asks for fonts, leaks a little of its configuration at exit (fontconfig's own
// allocations, not ours); LeakSanitizer would fail every sanitized program that drew a PDF.
extern "C" const char* __lsan_default_suppressions() { return "leak:libfontconfig.so\n"; }
#endif

Result<std::string> InvoicePdf(const InvoiceDocument& document) {
  std::string bytes;
  SurfacePtr surface(cairo_pdf_surface_create_for_stream(AppendBytes, &bytes, kPageWidth, kPageHeight));
  const std::string title = (document.invoice.invoice.kind == InvoiceKind::kCreditNote ? "Credit note " : "Invoice ") +
                            (document.invoice.number.empty() ? std::string("(draft)") : document.invoice.number);
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_TITLE, title.c_str());
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_AUTHOR, document.issuer.name.c_str());
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATOR, "OpenMSP");
  // Dated by the invoice, not by the clock of the machine that renders it.
  const std::string created = FormatOcpiDateTime(document.invoice.issued_at.value_or(document.invoice.created_at));
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATE_DATE, created.c_str());
  {
    const SurfacePtr logo = DecodeLogo(document.branding);
    const ContextPtr context(cairo_create(surface.get()));
    PdfPages measure(context.get(), document, logo.get(), false, 0);
    measure.Render();
    PdfPages draw(context.get(), document, logo.get(), true, measure.pages());
    draw.Render();
    if (cairo_status(context.get()) != CAIRO_STATUS_SUCCESS) {
      return Error{ErrorCode::kInternal, "pdf", cairo_status_to_string(cairo_status(context.get()))};
    }
  }
  cairo_surface_finish(surface.get());
  if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) {
    return Error{ErrorCode::kInternal, "pdf", cairo_status_to_string(cairo_surface_status(surface.get()))};
  }
  return bytes;
}

}  // namespace openmsp::billing
