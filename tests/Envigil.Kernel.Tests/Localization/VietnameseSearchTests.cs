using Envigil.Kernel.Localization;

namespace Envigil.Kernel.Tests.Localization;

public class VietnameseSearchTests
{
    [Theory]
    [InlineData("Nhà máy Đường Phụng Hiệp", "nha may duong")]
    [InlineData("Nhà máy Đường Phụng Hiệp", "ĐƯỜNG PHỤNG")]
    [InlineData("Công ty chế biến thủy sản Minh Phú", "  thuy san minh  ")]
    [InlineData("Khu công nghiệp Hòa Trung", "hoa trung")]
    [InlineData("CM-F001", "f001")]
    [InlineData("Nhà máy bia", "")]
    public void Finds_what_was_typed_without_case_or_diacritics(string text, string search) =>
        Assert.True(VietnameseSearch.Contains(text, search));

    [Theory]
    [InlineData("Nhà máy Đường Phụng Hiệp", "duong phung hiep 2")]
    [InlineData("Công ty chế biến thủy sản", "thuy san minh")]
    [InlineData("Nhà máy bia", "nha may bia sai gon")]
    [InlineData(null, "a")]
    [InlineData("", "a")]
    public void Does_not_find_what_is_not_there(string? text, string search) =>
        Assert.False(VietnameseSearch.Contains(text, search));
}
