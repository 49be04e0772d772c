#include "ledger/letter_render.h"

#include <array>
#include <utility>

#include <fmt/format.h>

#include "core/html.h"
#include "core/money.h"

namespace tally::ledger {
namespace {

// Every word a letter prints, per language: one table, so the compiler
// (-Wmissing-field-initializers) says when a translation lacks a line.
struct Words {
  std::string_view lang;
  std::string_view title;
  std::string_view account;
  std::string_view date;
  std::string_view dear;           // {} = the customer's name
  std::string_view dear_customer;
  std::string_view returned;       // {amount}, {date}
  std::string_view reason;
  std::string_view fee;            // {fee}
  std::string_view no_fee;
  std::string_view total_due;
  std::string_view what_to_do;
  std::string_view autopay_removed;
  std::string_view closing;
};

constexpr Words kEnglish{
    "en",
    "Returned payment notice",
    "Account",
    "Date",
    "Dear {},",
    "Dear customer,",
    "Your payment of {amount} was returned to us unpaid by your bank on {date}.",
    "Reason given by the bank",
    "A returned payment fee of {fee} has been added to your account.",
    "No fee has been charged for this return.",
    "Now owed because of this return",
    "Please pay this amount by cash, money order or certified funds at our office, or by another "
    "payment method, to avoid late charges or interruption of service. If you believe this return "
    "was a mistake, call us with this letter at hand.",
    "Because of this return, automatic payment (autopay) has been removed from your account. You "
    "may enrol again at our office once your account is current.",
    "Sincerely,",
};

constexpr Words kSpanish{
    "es",
    "Aviso de pago devuelto",
    "Cuenta",
    "Fecha",
    "Estimado(a) {}:",
    "Estimado(a) cliente:",
    "Su pago de {amount} nos fue devuelto sin pagar por su banco el {date}.",
    "Motivo indicado por el banco",
    "Se ha añadido a su cuenta un cargo por pago devuelto de {fee}.",
    "No se ha cobrado ningún cargo por esta devolución.",
    "Adeudado ahora por esta devolución",
    "Por favor pague este importe en efectivo, giro postal o fondos certificados en nuestra "
    "oficina, o por otro medio de pago, para evitar recargos o la interrupción del servicio. Si "
    "cree que esta devolución es un error, llámenos con esta carta a mano.",
    "Debido a esta devolución, el pago automático (autopay) se ha retirado de su cuenta. Puede "
    "inscribirse de nuevo en nuestra oficina cuando su cuenta esté al día.",
    "Atentamente,",
};

const Words& words_of(std::string_view language) { return language == "es" ? kSpanish : kEnglish; }

struct Reason {
  std::string_view code;
  std::string_view en;
  std::string_view es;
};

// NACHA return codes (R..) and X9 check return reasons (one letter) a utility sees most.
constexpr std::array kReasons{
    Reason{"R01", "Not enough money in the account (insufficient funds).", "Fondos insuficientes en la cuenta."},
    Reason{"R02", "The bank account is closed.", "La cuenta bancaria está cerrada."},
    Reason{"R03", "The bank could not find the account.", "El banco no encontró la cuenta."},
    Reason{"R04", "The account number is not valid.", "El número de cuenta no es válido."},
    Reason{"R05", "The account holder did not authorize this debit.", "El titular no autorizó este cargo."},
    Reason{"R07", "The account holder revoked the authorization.", "El titular revocó la autorización."},
    Reason{"R08", "Payment was stopped at the account holder's request.", "El pago fue detenido a pedido del titular."},
    Reason{"R09", "The money in the account was not yet available (uncollected funds).", "Los fondos de la cuenta aún no estaban disponibles."},
    Reason{"R10", "The account holder says the debit was not authorized.", "El titular indica que el cargo no fue autorizado."},
    Reason{"R11", "The debit did not match the authorization given.", "El cargo no correspondía a la autorización dada."},
    Reason{"R16", "The account is frozen.", "La cuenta está congelada."},
    Reason{"R20", "The account does not allow this kind of payment.", "La cuenta no admite este tipo de pago."},
    Reason{"R29", "The business account did not authorize this debit.", "La cuenta comercial no autorizó este cargo."},
    Reason{"A", "Not enough money in the account (insufficient funds).", "Fondos insuficientes en la cuenta."},
    Reason{"B", "The money in the account was on hold (uncollected funds).", "Los fondos de la cuenta estaban retenidos."},
    Reason{"C", "Payment was stopped.", "El pago fue detenido."},
    Reason{"D", "The bank account is closed.", "La cuenta bancaria está cerrada."},
    Reason{"E", "The bank could not find the account.", "El banco no encontró la cuenta."},
    Reason{"F", "The account is frozen or blocked.", "La cuenta está congelada o bloqueada."},
    Reason{"K", "The check was not signed.", "El cheque no estaba firmado."},
};

std::string fill(std::string_view pattern, std::initializer_list<std::pair<std::string_view, std::string>> values) {
  std::string out(pattern);
  for (const auto& [name, value] : values) {
    const std::string slot = fmt::format("{{{}}}", name);
    if (const auto at = out.find(slot); at != std::string::npos) out.replace(at, slot.size(), value);
  }
  return out;
}

// "$1,234.56" for dollars; "1,234.56 EUR" for any other currency.
std::string money_words(std::int64_t minor, const Currency& currency) {
  const std::string amount = Money(minor, currency).to_display();
  return currency.code() == "USD" ? "$" + amount : amount + " " + std::string(currency.code());
}

}  // namespace

std::string return_reason_words(std::string_view code, std::string_view sender_reason, std::string_view language) {
  for (const Reason& r : kReasons)
    if (r.code == code) return std::string(language == "es" ? r.es : r.en);
  if (!sender_reason.empty()) return std::string(sender_reason);
  return std::string(code);
}

namespace {

std::string page_head(const Words& w) {
  return fmt::format(
      "<!doctype html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{}</title>"
      "<style>body{{font:12pt/1.45 serif;max-width:42em;margin:2em auto;color:#000}}"
      "h1{{font-size:14pt}}table{{border-collapse:collapse}}td{{padding:.15em 1em .15em 0}}"
      ".amount{{text-align:right;font-variant-numeric:tabular-nums}}"
      "section.letter{{break-after:page;page-break-after:always}}</style></head><body>\n",
      w.lang, html_escape(w.title));
}

// One letter's text. `ids`: its paragraphs carry ids (a page holds one letter only).
std::string letter_body(const ReturnLetter& letter, const LetterContext& context, bool ids) {
  const Words& w = words_of(context.language);
  const auto money = [&](std::int64_t minor) { return money_words(minor, letter.currency); };
  const auto id = [&](std::string_view name) { return ids ? fmt::format(" id=\"{}\"", name) : std::string(); };
  const std::string greeting =
      context.customer_name.empty() ? std::string(w.dear_customer) : fmt::format(fmt::runtime(w.dear), context.customer_name);
  std::string out;
  out.reserve(4096);
  out += fmt::format("<p><strong>{}</strong></p>\n<h1>{}</h1>\n", html_escape(context.office_name), html_escape(w.title));
  out += fmt::format("<table><tr><td>{}</td><td>{}</td></tr><tr><td>{}</td><td>{}</td></tr></table>\n",
                     html_escape(w.account), html_escape(context.customer_id), html_escape(w.date),
                     letter.date.to_iso());
  out += fmt::format("<p>{}</p>\n", html_escape(greeting));
  out += fmt::format("<p{}>{}</p>\n", id("returned"),
                     html_escape(fill(w.returned, {{"amount", money(letter.amount_minor)}, {"date", letter.date.to_iso()}})));
  out += fmt::format("<p{}>{}: {} ({})</p>\n", id("reason"), html_escape(w.reason),
                     html_escape(return_reason_words(letter.return_code, letter.reason, context.language)),
                     html_escape(letter.return_code));
  out += fmt::format("<p{}>{}</p>\n", id("fee"),
                     html_escape(letter.fee_minor > 0 ? fill(w.fee, {{"fee", money(letter.fee_minor)}})
                                                      : std::string(w.no_fee)));
  out += fmt::format("<p{}>{}: <strong class=\"amount\">{}</strong></p>\n", id("due"), html_escape(w.total_due),
                     money(letter.amount_minor + letter.fee_minor));
  out += fmt::format("<p>{}</p>\n", html_escape(w.what_to_do));
  if (context.autopay_removed)
    out += fmt::format("<p{}>{}</p>\n", id("autopay-removed"), html_escape(w.autopay_removed));
  out += fmt::format("<p>{}<br>{}</p>\n", html_escape(w.closing), html_escape(context.office_name));
  return out;
}

constexpr std::string_view kPageEnd = "</body></html>\n";

}  // namespace

std::string return_letter_html(const ReturnLetter& letter, const LetterContext& context) {
  return page_head(words_of(context.language)) + letter_body(letter, context, true) + std::string(kPageEnd);
}

std::string return_letters_html(const std::vector<AddressedLetter>& letters, std::string_view language) {
  std::string out = page_head(words_of(language));
  for (const AddressedLetter& l : letters)
    out += "<section class=\"letter\">\n" + letter_body(l.letter, l.context, false) + "</section>\n";
  return out + std::string(kPageEnd);
}

}  // namespace tally::ledger
