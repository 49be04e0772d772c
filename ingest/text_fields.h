// Every text (proto3 `string`) field of an event, nested messages and repeated fields
// included, handed to a visitor with its path ("payment_received.payer_name") and its name.
// The visitor may change the text; it returns true when it did, and the field is set again.
// Reflection is slow: callers use it only for the rare event a cheap test of the encoded
// bytes has flagged (card_scrubber.cpp, fingerprint.cpp).
#pragma once

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>
#include <google/protobuf/reflection.h>

#include <string>
#include <vector>

namespace tally::ingest {

template <typename Visit>  // bool(const std::string& path, const std::string& name, std::string& text)
void for_each_text_field(google::protobuf::Message& message, Visit&& visit,
                         const std::string& prefix = "") {
  namespace pb = google::protobuf;
  const pb::Reflection* reflection = message.GetReflection();
  std::vector<const pb::FieldDescriptor*> fields;
  reflection->ListFields(message, &fields);
  for (const pb::FieldDescriptor* f : fields) {
    const std::string path = prefix.empty() ? f->name() : prefix + "." + f->name();
    const int n = f->is_repeated() ? reflection->FieldSize(message, f) : 1;
    for (int i = 0; i < n; ++i) {
      if (f->type() == pb::FieldDescriptor::TYPE_MESSAGE) {
        for_each_text_field(f->is_repeated() ? *reflection->MutableRepeatedMessage(&message, f, i)
                                             : *reflection->MutableMessage(&message, f),
                            visit, path);
        continue;
      }
      if (f->type() != pb::FieldDescriptor::TYPE_STRING) break;
      std::string text = f->is_repeated() ? reflection->GetRepeatedString(message, f, i)
                                          : reflection->GetString(message, f);
      if (!visit(path, f->name(), text)) continue;
      if (f->is_repeated()) reflection->SetRepeatedString(&message, f, i, std::move(text));
      else reflection->SetString(&message, f, std::move(text));
    }
  }
}

}  // namespace tally::ingest
