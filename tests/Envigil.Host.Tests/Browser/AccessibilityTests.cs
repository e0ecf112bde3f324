using Microsoft.Playwright;

namespace Envigil.Host.Tests.Browser;

/// <summary>
/// Every main page, as the person who uses it, checked in Chromium on a phone (390 px) and on an office screen: no
/// sideways scrolling of the page itself (wide tables scroll inside their own box), every form control and link named,
/// images described, one heading 1, the page's language declared, and text contrast at least WCAG 2.1 AA (4.5:1,
/// 3:1 for large text). The checks run in the page (<see cref="AuditScript"/>) and list every violation they find.
/// </summary>
[Collection(BrowserCollection.Name)]
public class AccessibilityTests(BrowserFixture fixture)
{
    public static TheoryData<string, string> Pages => new()
    {
        { Demo.Officer, "/" },
        { Demo.Officer, "/communes" },
        { Demo.Officer, "/monitoring" },
        { Demo.Officer, "/monitoring/alerts?state=all" },
        { Demo.Officer, "/monitoring/stations/CM_F001_NT01" },
        { Demo.Officer, "/monitoring/facilities/CM-F001/limits" },
        { Demo.Officer, "/monitoring/facilities/CM-F001" },
        { Demo.Officer, "/monitoring/quarantine" },
        { Demo.Officer, "/monitoring/reports" },
        { Demo.Officer, "/monitoring/regulations" },
        { Demo.Officer, "/monitoring/alert-rules" },
        { Demo.Admin, "/monitoring/registry" },
        { Demo.Admin, "/admin/users" },
        { Demo.Admin, "/admin/audit" },
        { Demo.Inspector, "/enforcement/cases" },
        { Demo.Officer, "/hazards" },
        { Demo.Officer, "/hazards/warnings" },
        { Demo.Officer, "/hazards/households" },
        { Demo.Officer, "/hazards/zones" },
        { Demo.Officer, "/hazards/reviews" },
        { Demo.CommuneOfficer, "/hazards/tasks" },
        { Demo.Leader, "/enforcement/cases" },
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task The_page_is_usable_on_a_phone_and_by_keyboard_and_screen_reader(string account, string path)
    {
        foreach (var width in new[] { 390, 1366 })
        {
            var page = await fixture.NewPageAsync(width, width == 390 ? 844 : 900);
            await fixture.SignInAsync(page, account);
            var response = await page.GotoAsync(path, new() { WaitUntil = WaitUntilState.Load });
            Assert.True(response is { Ok: true }, $"{path}: HTTP {response?.Status}");
            var problems = await page.EvaluateAsync<string[]>(AuditScript);
            Assert.True(problems.Length == 0, $"{path} at {width} px as {account}:\n  " + string.Join("\n  ", problems));
            await page.Context.CloseAsync();
        }
    }

    /// <summary>The checks, in the page. Returns one line per violation.</summary>
    private const string AuditScript = """
        () => {
          const problems = [];
          const visible = el => {
            const s = getComputedStyle(el);
            if (s.visibility === 'hidden' || s.display === 'none') return false;
            const r = el.getBoundingClientRect();
            return r.width > 0 && r.height > 0;
          };
          const describe = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : '')
            + ' "' + (el.innerText || el.value || el.getAttribute('name') || '').trim().slice(0, 40) + '"';

          if (!/^vi|^en/.test(document.documentElement.lang)) problems.push('html has no lang');
          const h1 = [...document.querySelectorAll('h1')].filter(visible);
          if (h1.length !== 1) problems.push(`${h1.length} visible h1 headings`);

          // The page itself never scrolls sideways; a wide table or map scrolls inside its own container.
          if (document.documentElement.scrollWidth > window.innerWidth + 1)
          {
            const wide = [...document.body.querySelectorAll('*')].filter(el => visible(el) && el.getBoundingClientRect().right > window.innerWidth + 1
              && ![...el.querySelectorAll('*')].some(child => child.getBoundingClientRect().right > window.innerWidth + 1))
              .filter(el => { for (let p = el.parentElement; p; p = p.parentElement) { const o = getComputedStyle(p).overflowX; if (o === 'auto' || o === 'scroll' || o === 'hidden') return false; } return true; });
            problems.push(`page scrolls sideways: ${document.documentElement.scrollWidth}px > ${window.innerWidth}px; e.g. ${wide.slice(0, 3).map(describe).join(', ')}`);
          }

          const named = el => {
            if ((el.getAttribute('aria-label') || '').trim()) return true;
            const by = el.getAttribute('aria-labelledby');
            if (by && by.split(/\s+/).some(id => (document.getElementById(id)?.textContent || '').trim())) return true;
            if (el.labels && [...el.labels].some(l => l.textContent.trim())) return true;
            return !!(el.getAttribute('title') || '').trim();
          };
          for (const el of document.querySelectorAll('input:not([type=hidden]), select, textarea'))
            if (!named(el) && (visible(el) || el.type === 'checkbox' || el.type === 'radio')) problems.push('control without a label: ' + describe(el));
          for (const el of document.querySelectorAll('button, a[href]'))
            if (visible(el) && !(el.textContent || '').trim() && !named(el) && !el.querySelector('img[alt]:not([alt=""]), svg title')) problems.push('link or button without a name: ' + el.outerHTML.slice(0, 80));
          for (const img of document.querySelectorAll('img'))
            if (!img.hasAttribute('alt')) problems.push('image without alt: ' + img.src);

          // Contrast of the text people read (WCAG 2.1, 1.4.3).
          const rgba = c => { const m = c.match(/rgba?\(([^)]+)\)/); if (!m) return null; const p = m[1].split(/[ ,\/]+/).filter(Boolean).map(Number); return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1]; };
          const lum = ([r, g, b]) => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }; return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
          const background = el => {
            let layers = [];
            for (let e = el; e; e = e.parentElement) {
              const s = getComputedStyle(e);
              if (s.backgroundImage && s.backgroundImage !== 'none') return null; // over an image or gradient: not judged
              const c = rgba(s.backgroundColor);
              if (c && c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
            }
            let result = [255, 255, 255];
            for (const c of layers.reverse()) result = result.map((v, i) => c[i] * c[3] + v * (1 - c[3]));
            return result;
          };
          const seen = new Set();
          const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const el = node.parentElement;
            if (!el || seen.has(el) || !node.textContent.trim() || !visible(el)) continue;
            seen.add(el);
            if (el.closest('.leaflet-container, svg, [aria-hidden=true], .visually-hidden, option')) continue;
            const s = getComputedStyle(el);
            const fg = rgba(s.color); const bg = background(el);
            if (!fg || !bg) continue;
            const alpha = fg[3] * Number(s.opacity);
            const text = fg.slice(0, 3).map((v, i) => v * alpha + bg[i] * (1 - alpha));
            const [hi, lo] = [lum(text), lum(bg)].sort((a, b) => b - a);
            const ratio = (hi + 0.05) / (lo + 0.05);
            const size = parseFloat(s.fontSize); const bold = Number(s.fontWeight) >= 700;
            const needed = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
            if (el.closest('[disabled], :disabled')) continue; // disabled controls are exempt
            if (ratio + 0.005 < needed) problems.push(`contrast ${ratio.toFixed(2)} < ${needed}: ${describe(el)} (${s.color} on rgb(${bg.map(Math.round).join(',')}))`);
          }
          return problems.slice(0, 25);
        }
        """;
}
