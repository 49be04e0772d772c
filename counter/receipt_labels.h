// Internal to the counter's papers (receipt_render.cpp): every word a receipt, void receipt or
// deposit slip prints, in English and Spanish.
#pragma once

#include <string_view>

namespace tally::counter::detail {

// Every word a paper prints, per language: one table, so a language is added in one place and
// the compiler (-Wmissing-field-initializers) says when a translation lacks a label.
struct Labels {
  std::string_view lang;  // the HTML lang attribute
  std::string_view receipt;
  std::string_view session;
  std::string_view drawer;
  std::string_view date;
  std::string_view cashier;
  std::string_view account;
  std::string_view payer;
  std::string_view cash;
  std::string_view tendered;
  std::string_view change;
  std::string_view check;
  std::string_view money_order;
  std::string_view card;
  std::string_view auth_code;
  std::string_view total_paid;
  std::string_view void_mark;
  std::string_view void_of;  // followed by the receipt number
  std::string_view receipt_date;
  std::string_view amount_voided;
  std::string_view requested_by;
  std::string_view approved_by;
  std::string_view reason;
  std::string_view awaiting_approval;
  std::string_view thank_you;
  std::string_view deposit_slip;
  std::string_view slip_number;
  std::string_view bank_account;
  std::string_view prepared_by;
  std::string_view denomination;
  std::string_view pieces;
  std::string_view amount;
  std::string_view cash_total;
  std::string_view checks;
  std::string_view checks_total;
  std::string_view money_orders;
  std::string_view money_orders_total;
  std::string_view number;
  std::string_view grand_total;
  std::string_view no_slip;
};

inline constexpr Labels kEnglish{
    .lang = "en",
    .receipt = "Receipt",
    .session = "Session",
    .drawer = "Drawer",
    .date = "Date",
    .cashier = "Cashier",
    .account = "Account",
    .payer = "Payer",
    .cash = "Cash",
    .tendered = "Tendered",
    .change = "Change",
    .check = "Check",
    .money_order = "Money order",
    .card = "Card",
    .auth_code = "Auth",
    .total_paid = "Total paid",
    .void_mark = "VOID",
    .void_of = "VOID of receipt",
    .receipt_date = "Receipt date",
    .amount_voided = "Amount voided",
    .requested_by = "Requested by",
    .approved_by = "Approved by",
    .reason = "Reason",
    .awaiting_approval = "awaiting approval",
    .thank_you = "Thank you for your payment",
    .deposit_slip = "DEPOSIT SLIP",
    .slip_number = "Slip",
    .bank_account = "Bank account",
    .prepared_by = "Prepared by",
    .denomination = "Denomination",
    .pieces = "Pieces",
    .amount = "Amount",
    .cash_total = "Cash total",
    .checks = "Checks",
    .checks_total = "Checks total",
    .money_orders = "Money orders",
    .money_orders_total = "Money orders total",
    .number = "Number",
    .grand_total = "GRAND TOTAL",
    .no_slip = "The session is still open: no deposit slip yet.",
};

inline constexpr Labels kSpanish{
    .lang = "es",
    .receipt = "Recibo",
    .session = "Sesión",
    .drawer = "Caja",
    .date = "Fecha",
    .cashier = "Cajero",
    .account = "Cuenta",
    .payer = "Pagador",
    .cash = "Efectivo",
    .tendered = "Entregado",
    .change = "Cambio",
    .check = "Cheque",
    .money_order = "Giro postal",
    .card = "Tarjeta",
    .auth_code = "Autorización",
    .total_paid = "Total pagado",
    .void_mark = "ANULADO",
    .void_of = "ANULACIÓN del recibo",
    .receipt_date = "Fecha del recibo",
    .amount_voided = "Importe anulado",
    .requested_by = "Solicitado por",
    .approved_by = "Aprobado por",
    .reason = "Motivo",
    .awaiting_approval = "pendiente de aprobación",
    .thank_you = "Gracias por su pago",
    .deposit_slip = "BOLETA DE DEPÓSITO",
    .slip_number = "Boleta",
    .bank_account = "Cuenta bancaria",
    .prepared_by = "Preparado por",
    .denomination = "Denominación",
    .pieces = "Piezas",
    .amount = "Importe",
    .cash_total = "Total en efectivo",
    .checks = "Cheques",
    .checks_total = "Total de cheques",
    .money_orders = "Giros postales",
    .money_orders_total = "Total de giros postales",
    .number = "Número",
    .grand_total = "TOTAL GENERAL",
    .no_slip = "La sesión sigue abierta: aún no hay boleta de depósito.",
};

inline const Labels& labels_for(std::string_view language) {
  return language == "es" ? kSpanish : kEnglish;
}

}  // namespace tally::counter::detail
