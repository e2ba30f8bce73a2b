// fmt's compiled part, built here from the Debian package's own headers (libfmt-dev ships
// format-inl.h for exactly this) instead of linked from libfmt.so. Why: libfmt.so needs
// libstdc++.so, and relocating libstdc++ was two thirds of iamc's start-up (docs/performance.md,
// "Start-up"); with fmt inside the binary, the executable can link the C++ runtime statically
// and loads only libc and libyaml. Every other file includes <fmt/format.h> as before; the
// explicit instantiations are the out-of-line members those headers declare `extern`.
#include <fmt/format-inl.h>

FMT_BEGIN_NAMESPACE
namespace detail {

template FMT_API auto dragonbox::to_decimal(float x) noexcept -> dragonbox::decimal_fp<float>;
template FMT_API auto dragonbox::to_decimal(double x) noexcept -> dragonbox::decimal_fp<double>;
template FMT_API locale_ref::locale_ref(const std::locale& loc);
template FMT_API auto locale_ref::get<std::locale>() const -> std::locale;
template FMT_API auto thousands_sep_impl(locale_ref) -> thousands_sep_result<char>;
template FMT_API auto decimal_point_impl(locale_ref) -> char;
template FMT_API void buffer<char>::append(const char*, const char*);
template FMT_API void vformat_to(buffer<char>&, string_view, basic_format_args<FMT_BUFFER_CONTEXT(char)>, locale_ref);

}  // namespace detail
FMT_END_NAMESPACE
