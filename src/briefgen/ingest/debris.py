"""Page debris: toolbars, breadcrumbs, source/time lines, share buttons, captions, related links — not report text."""

from __future__ import annotations

import re
import unicodedata

from ..model import Repair
from ..text.recache import rx
from ..text.width import fold_digits
from .tables import is_rule
from .timeref import parse_date

#: One-word page controls (toolbar, font size, share): debris in a run of such lines, or in brackets.
UI_WORDS = set("""
下载 打印 全屏 收藏 分享 加大 还原 减小 放大 缩小 默认 大 中 小 字号 字体 关闭 关闭窗口 打印本页 打印此页 打印文章 打印正文
返回 返回顶部 顶部 返回首页 纠错 我要纠错 评论 点赞 转发 复制链接 微信 微博 朋友圈 QQ空间 朗读 听新闻 播报 保存 收藏本页 分享到
扫一扫 二维码 手机版 手机看 上一篇 下一篇 字号大 字号中 字号小 A+ A- 分享至 复制 链接 在看 打开APP 打开App 阅读原文 展开全文
点击查看全文 收起 视力保护色 护眼模式 无障碍 适老化 无障碍浏览 超大 默认大小 【 】
""".split())
#: Single UI words that are debris even alone (never a line of a report).
_UI_ALONE = {w for w in UI_WORDS if len(w) >= 3 or w in ("下载", "打印", "全屏", "收藏", "分享", "字号", "字体", "关闭",
                                                        "纠错", "评论", "点赞", "转发", "朗读", "分享到")}

_BRACKETS = "【】[]［］()（）〔〕<>《》|｜/·•:：，,"
_SEPARATOR = rx(r"^[>›»＞/|｜→\s-]+$")

#: Labelled page metadata: 来源：…, 时间：…, 阅读量：…, 责任编辑：…
_LABEL = rx(
    r"^[【\[［(（]?\s*(?P<label>来源|稿源|数据来源|资料来源|信息来源|文章来源|作者|记者|通讯员|编辑|责任编辑|责编|审核|审校|"
    r"校对|摄影|图片来源|发布时间|发表时间|发布日期|更新时间|时间|日期|发布者|发布机构|浏览次数|浏览量|点击数|点击量|阅读量|"
    r"阅读次数|访问量|字号|字体|(?:您|你)?(?:当前|现在)?(?:的)?(?:所在)?位置|原标题|原文链接|链接|网址|文章编号|索引号|"
    r"主题分类|发文机关|发文字号|成文日期|有效性|标题|浏览|生成日期|公开日期|发文日期|印发日期|公开方式|公开范围|公开时限|"
    r"主题词|文号|索取号|信息分类|组配分类|体裁分类|所属机构|公开形式|分类|文字|图片|图|文|排版|美编|监制|统筹|策划|出品|"
    r"制作|设计|初审|复审|终审|视频)"
    r"\s*(?:[:：】\]］)）]\s*|$|(?P<space>\s+))(?P<value>.*)$")
_TIME_LABELS = {"发布时间", "发表时间", "发布日期", "更新时间", "时间", "日期", "成文日期", "生成日期", "公开日期",
                "发文日期", "印发日期"}
_SOURCE_LABELS = {"来源", "稿源", "数据来源", "资料来源", "信息来源", "文章来源", "发布机构"}
_COUNT_LABELS = {"浏览次数", "浏览量", "点击数", "点击量", "阅读量", "阅读次数", "访问量"}
_CRUMB = rx(r"^(?:您|你)?(?:当前|现在)?(?:的)?(?:所在)?位置$")
#: A label that only counts as page metadata when its value is short (时间：… is also ordinary prose).
_PROSE_LABELS = {"时间", "日期", "作者", "编辑", "审核", "链接", "网址", "原标题", "标题", "有效性", "浏览", "分类", "文号",
                 "公开方式", "公开范围", "公开形式", "文字", "图片", "图", "文", "排版", "美编", "监制", "统筹", "策划", "出品",
                 "制作", "设计", "初审", "复审", "终审", "视频"}
#: A publication line that opens with its date: '2024年03月12日 16:27 来源：新华社', '2026-02-05 09:00 作者：…'.
_DATED_META = rx(r"^(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?"
                 r"\s+.{0,30}?(?:来源|作者|编辑|责任编辑|发布|浏览)\s*[:：]")
#: A newspaper's page line: '《 人民日报 》（ 2025年12月01日 第 14 版）'.
_PAPER_PAGE = rx(r"^《\s*[^》]{2,12}\s*》\s*[（(][^）)]{0,10}\d{4}\s*年[^）)]{0,20}版\s*[）)]$")
#: A label spaced out to line up in a table: 标　　题： / 来　　源： / 索 引 号：
_SPACED_LABEL = rx(r"^[【\[［(（]?\s*[\u4e00-\u9fff](?:[\s\u3000]+[\u4e00-\u9fff]){1,3}[\s\u3000]*(?=[:：])")
#: A site's footer: 主办：… 网站标识码 … 备案号 …ICP备…, 版权所有, 公网安备.
_FOOTER = rx(r"网站标识码|ICP备|ICP证|备案号|公网安备|版权所有|Copyright|©|技术支持\s*[:：]|主办单位\s*[:：]|承办单位\s*[:：]")
#: A site's name line at the top of a page: …人民政府门户网站, …政府网, …网站.
_SITE_NAME = rx(r"^[\u4e00-\u9fff]{2,24}(?:门户网站|政府网|网站|政务网|官网|官方网站|信息公开网|门户)$")
#: An organisation's name alone on a line (a site header or a closing signature): 某省文化和旅游厅.
ORG_LINE = rx(r"^[\u4e00-\u9fff（）()、]{2,30}?(?:人民政府|政府|办公厅|办公室|厅|局|委员会|委|总工会|工会|街道办事处|办事处|"
              r"党工委|中心|研究院|协会|联合会|部|署|院|管委会|委员会办公室)$")

_DATETIME = rx(r"^(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$")
_DATETIME_ISO = rx(r"^(?:19|20)\d{2}[-/.]\d{1,2}[-/.]\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$"
                   r"|^(?:19|20)\d{2}年\d{1,2}月\d{1,2}日\s*\d{1,2}:\d{2}(?::\d{2})?$")
_COUNT = rx(r"^\d[\d,，]*\s*(?:次|人次|人)?$")
_SHARE = rx(r"^(?:扫一扫|微信扫一扫|用微信扫|手机扫一扫|扫描二维码|扫码).{0,20}$|^分享(?:到|至)?\s*(?:[:：].{0,20})?$"
            r"|^(?:上一篇|下一篇)\s*[:：]|^(?:打开|下载).{0,8}(?:APP|App|app|客户端).{0,8}$"
            r"|^.{0,6}(?:阅读原文|查看原文|展开全文|阅读全文)$"
            r"|^.{0,8}(?:点击|戳|点)[^，。]{0,4}[“\"「]?(?:阅读原文|查看原文|原文链接)[”\"」]?.{0,8}$"
            r"|^.{0,6}点击.{0,6}(?:蓝字|关注|星标).{0,12}$|^.{0,4}(?:关注我们|关注我|置顶星标)[!！~～]?$"
            r"|^.{0,4}长按.{0,10}(?:二维码|关注|识别).{0,10}$|^.{0,6}点(?:个)?(?:赞|在看).{0,10}$"
            r"|^(?:分享|收藏|点赞|在看|转发|点个赞|推荐|留言)(?:[\s|｜、]*(?:分享|收藏|点赞|在看|转发|推荐|留言)){1,5}$"
            r"|^(?:[【\[［]?\s*(?:打印本页|打印此页|打印|关闭窗口|关闭|返回顶部|收藏本页)\s*[】\]］]?\s*){1,4}$")
#: A photo credit: (本报)记者 name(s) 摄 at the end of a line, after the caption's last full stop.
_CREDIT = rx(r"(?:^|[。！？\s）)])[（(]?(?:本报|[\u4e00-\u9fff]{1,8}?(?:日报|晚报|报社|报|网|社|台|客户端))?(?:全媒体|融媒体)?(?:摄影记者|见习记者|特约记者|记者|通讯员|摄影)"
             r"(?P<names>[\u4e00-\u9fff·\s、]{1,24}?)\s*(?:摄影|摄|供图)\s*[）)]?$")
_PICTURE = rx(r"^(?:图为|图片为|图：|图片：|▲|△)")
_RELATED = rx(r"^[【\[]?(?:相关报道|相关新闻|相关阅读|相关链接|相关文章|相关稿件|延伸阅读|推荐阅读|更多报道|往期回顾|热点推荐|"
              r"往期推荐|往期精选|往期精彩|精彩推荐|猜你喜欢)\s*[：:]?")
#: A list bullet or an emoji that leads a line of an article: ▶ ► ▸ ✅ 🎯 📌 ◆ ● ■ ★ ☆ ➤ 👉 √.
BULLET = rx(r"^(?:[\U0001F300-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF\u25A0-\u25FF\u2190-\u21FF\u2022\u2023\u2043\u221A]"
            r"[\ufe0f\u200d]?)+\s*")
#: A line of decoration only: emoji, symbols, punctuation, no word.
_DECORATION = rx(r"^[\W_]+$")
#: A public account's line under a headline: 某某发布 2026年01月21日 18:30 某省 (name, date, time, place).
_ACCOUNT = rx(r"^(?:原创[\s\u3000]*)?(?P<acct>[\u4e00-\u9fffA-Za-z0-9·]{2,20})(?:[\s\u3000]+[\u4e00-\u9fffA-Za-z0-9·]{2,20})?"
              r"[\s\u3000]+(?:19|20)\d{2}(?:年\d{1,2}月\d{1,2}日|[-/.]\d{1,2}[-/.]\d{1,2})"
              r"(?:[\s\u3000]+\d{1,2}:\d{2})?(?:[\s\u3000]+(?:发表于)?[\u4e00-\u9fff]{2,8})?(?<!印发)$")
_LINK = rx(r"^[\"'(<]?(?:https?://|www\.)\S+$|^(?=[\x21-\x7e]*[A-Za-z])[\x21-\x7e]{1,60}$|^[A-Za-z0-9_\-./?=&#%]*\d{5,}[A-Za-z0-9_\-./?=&#%]*$"
           r"|^!?\[[^\]]*\]\([^)]*\)$|^[（(](?:下转|上接|转|接)第?\S{1,4}版[）)]$")
#: A reporters' byline on its own line: 本报记者 张三 李四, 新华社记者 王五.
_REPORTERS = rx(r"^(?:本报|新华社|[\u4e00-\u9fff]{1,8}?(?:日报|晚报|报|网|社|台))?(?:全媒体|融媒体|首席|特约|见习)?"
                r"(?:记者|通讯员)(?:[\s\u3000、]*[\u4e00-\u9fff·]{2,4}){1,5}$")
_BYLINE = rx(r"^>\s*(?:《[^》]{1,20}》|[\u4e00-\u9fff]{2,12}(?:日报|晚报|报|网|新闻))[^\n]{0,40}$")
#: Front matter that lost its --- fences (a Markdown export pasted or printed): 'title: "…"', 'word_count: 1672'.
_FIELD = rx(r"^(?P<key>[a-z_][a-z0-9_]{1,20})\s*:(?:\s+(?P<value>.*))?$")
#: A table-of-contents entry: a title, a dot leader (……, ····, ....) and a page number.
_TOC_ENTRY = rx(r"^\S.{0,80}?[^\d\s.…·．]\s*(?:[.…·．⋯_]\s*){3,}\d{1,3}$")
_TOC_HEAD = rx(r"^(?:目[\s\u3000]*录|目[\s\u3000]*次|内容目录)$")
_END_MARK = rx(r"^(?:（完）|\(完\)|【完】|\[完\]|[—\-–\s]*(?:END|End|end)[—\-–\s]*|-+|—+|_+|=+|\*+|·+|\|+)$")


#: A mail's header lines, as a report forwarded by e-mail and pasted starts: 发件人：… / 主题：转发：…
_MAIL_HEADER = rx(r"^(?:发件人|收件人|抄送|密送|主题|发送时间|发件时间|日期|时间|附件|From|To|Cc|Subject|Date|Sent)"
                  r"[\s\u3000]*[:：]")
#: The line between a forwarding note and the forwarded text.
_MAIL_CUT = rx(r"^(?:[-—_=*]{4,}|[-—\s]*(?:原始邮件|转发的邮件|Original Message|Forwarded message)[-—\s]*)$")


def _mail_preamble(lines: list, out: "_Out") -> int:
    """Where the report starts in a pasted e-mail: after its header lines (two or more at the top) and, when a
    separator line follows within a few lines, after the forwarding note above it; 0 when it is no e-mail."""
    j = 0
    while j < len(lines) and _MAIL_HEADER.match(lines[j].text):
        j += 1
    if j < 2:
        return 0
    cut = next((k for k in range(j, min(j + 12, len(lines))) if _MAIL_CUT.match(lines[k].text.strip())), None)
    end = cut + 1 if cut is not None else j
    return out.drop_run(lines, 0, end, "mail header" if cut is None else "mail header and forwarding note")


def _is_caption(s: str) -> bool:
    """A photo caption or credit: '…作政府工作报告。本报记者 林 君摄', '图为…'."""
    if _PICTURE.match(s):
        return True
    m = _CREDIT.search(s)
    if not m:
        return False
    names = [t for t in rx(r"[\s、]+").split(m.group("names")) if t]
    return len(names) <= 4 and all(1 <= len(t) <= 4 for t in names)


def _key(s: str) -> str:
    return re.sub(rf"[{re.escape(_BRACKETS)}\s]+", "", s)


def _ui(s: str) -> bool:
    """A line that is a page control or only brackets/punctuation (part of a toolbar)."""
    k = _key(s)
    return k == "" or k in UI_WORDS or (len(s) <= 40 and _all_ui(s))


def _all_ui(s: str) -> bool:
    words = [w for w in re.split(rf"[{re.escape(_BRACKETS)}\s]+", s) if w]
    return len(words) >= 2 and all(w in UI_WORDS for w in words)


class _Out:
    def __init__(self, repairs: list[Repair]):
        self.repairs = repairs
        self.gap = False  #: something was dropped since the last kept line (it counts as a blank line)
        self.dropped: set[int] = set()  #: source lines dropped

    def drop(self, ln, what: str) -> None:
        self.dropped.add(ln.line)
        self.repairs.append(Repair("debris", ln.line, f"dropped {what}: {ln.text[:40]!r}"))
        self.gap = True

    def drop_run(self, lines: list, i: int, j: int, what: str) -> int:
        """Drop lines[i:j]; returns *j*, where reading goes on."""
        for k in range(i, j):
            self.drop(lines[k], what)
        return j


def strip(lines: list, repairs: list[Repair], meta: dict) -> list:
    """Remove page debris from stripped source lines; every removal is recorded as a ``debris`` repair."""
    out = _Out(repairs)
    keep: list = []
    n = len(lines)
    i = _mail_preamble(lines, out)
    while i < n:
        ln = lines[i]
        s = ln.text
        j = _toolbar_run(lines, i)
        if j > i:
            i = out.drop_run(lines, i, j, "page toolbar")
            continue
        m = _LABEL.match(_SPACED_LABEL.sub(lambda x: rx(r"[\s\u3000]+").sub("", x.group(0)), s)) if len(s) <= 120 else None
        if m and m.group("space") is not None and (len(m.group("value")) > 20 or rx(r"[，。；！？]").search(m.group("value"))):
            m = None  # '记者从市总工会获悉' is prose; '记者 张三' is a credit
        if m and (m.group("label") not in _PROSE_LABELS or len(m.group("value")) <= 40):
            i = _label(lines, i, m, out, meta)
            continue
        if _TOC_HEAD.match(s) or _TOC_ENTRY.match(s):
            out.drop(ln, "table of contents")
            i += 1
            continue
        j = _breadcrumb(lines, i)
        if j > i:
            i = out.drop_run(lines, i, j, "breadcrumb")
            continue
        f = fold_digits(s)  # ２０２６年… read as 2026年…
        if _DATED_META.match(f) and len(s) <= 100 or _PAPER_PAGE.match(f):
            d = parse_date(s)
            if d:
                meta.setdefault("published", d[0])
            out.drop(ln, "publication line")
        elif i < 12 and _ACCOUNT.match(f):  # under the headline only
            d = parse_date(s)
            if d:
                meta.setdefault("published", d[0])
            meta.setdefault("account", _ACCOUNT.match(f).group("acct"))
            out.drop(ln, "account and publication line")
        elif _DECORATION.match(s) and any(unicodedata.category(c) == "So" for c in s) \
                and not rx(r"[\d。，；：”’」』）)]").search(s):  # ✨✨✨, but not '”。' cut off a paragraph
            out.drop(ln, "decoration")
        elif _DATETIME_ISO.match(f):
            d = parse_date(s)
            if d:
                meta.setdefault("published", d[0])
            out.drop(ln, "publication time")
        elif len(s) <= 200 and _FOOTER.search(s) and not s.endswith("。"):
            out.drop(ln, "site footer")
        elif len(s) <= 40 and _SHARE.match(s):
            out.drop(ln, "share or print button")
        elif len(s) <= 200 and _is_caption(s):
            out.drop(ln, "photo caption")
        elif _FIELD.match(s) and len(s) <= 200:
            f = _FIELD.match(s)
            if f.group("key") in ("title", "date", "author"):
                meta.setdefault(f.group("key"), (f.group("value") or "").strip().strip('"\''))
            out.drop(ln, "metadata field")
        elif _BYLINE.match(s) and len(s) <= 60:
            d = parse_date(s)
            if d:
                meta.setdefault("published", d[0])
            out.drop(ln, "byline")
        elif is_rule(s):
            out.drop(ln, "table rule")
        elif _LINK.match(s) or _END_MARK.match(s):
            out.drop(ln, "link, image or end mark")
        elif len(s) <= 40 and _REPORTERS.match(s):
            out.drop(ln, "reporters' byline")
        elif _RELATED.match(s) and len(s) <= 40:
            j = i + 1
            while j < n and len(lines[j].text) <= 60 and (not rx(r"[。！？]$").search(lines[j].text)
                                                          or BULLET.match(lines[j].text)):
                j += 1
            i = out.drop_run(lines, i, j, "related-article list")
            continue
        else:
            if out.gap:
                ln.blank_before = True
                out.gap = False
            keep.append(ln)
        i += 1
    return _site_header(keep, out, meta)


def _site_header(keep: list, out: _Out, meta: dict) -> list:
    """The site's name over a page (某县人民政府门户网站; 某省某厅 over a breadcrumb or an index block): not the title."""
    if len(keep) < 2:
        return keep
    s, nxt = keep[0].text, keep[1].text
    if _SITE_NAME.match(s) or ORG_LINE.match(s) and len(s) <= 30 and (
            keep[0].line + 1 in out.dropped or nxt.startswith(s) and len(nxt) > len(s)):
        if not _SITE_NAME.match(s):
            meta.setdefault("site_org", s)
        out.drop(keep[0], "site name")
        keep[1].blank_before = True
        return keep[1:]
    return keep


def _toolbar_run(lines: list, i: int) -> int:
    """End of a run of page-control lines starting at *i* (== i when there is none)."""
    j = i
    while j < len(lines) and len(lines[j].text) <= 40 and _ui(lines[j].text):
        j += 1
    run = [lines[k].text for k in range(i, j)]
    words = [_key(t) for t in run if _key(t)]
    if len(run) >= 3 and words:
        return j
    if run and (any(w in _UI_ALONE for w in words) or any(_all_ui(t) for t in run)):
        return j
    return i


def _label(lines: list, i: int, m: re.Match, out: _Out, meta: dict) -> int:
    """A labelled metadata line, with its value on the next line when the label stands alone."""
    label, value = m.group("label"), m.group("value").strip().strip("】]）)")
    j = i + 1
    if _CRUMB.match(label):
        return out.drop_run(lines, i, _breadcrumb(lines, i, after_label=True), "breadcrumb")
    if not value and j < len(lines):
        nxt = lines[j].text
        if label in _TIME_LABELS and _DATETIME.match(nxt) or label in _COUNT_LABELS and _COUNT.match(nxt) \
                or label in _SOURCE_LABELS | {"作者", "记者", "编辑", "责任编辑", "责编", "通讯员", "摄影"} \
                and len(nxt) <= 20 and not rx(r"[。，；！？]").search(nxt):
            value = nxt
            j += 1
    if label in _TIME_LABELS or label in ("发布时间",):
        d = parse_date(value)
        if d:
            meta.setdefault("published", d[0])
    if label == "标题" and value:
        meta.setdefault("title", value)  # the page's title field: a title candidate
    more = rx(r"(?:^|\s)(?:来源|发布机构|信息来源)\s*[:：]\s*(?P<src>[^\s|｜]{2,30})").search(value)
    if label not in _SOURCE_LABELS and more:  # 发布时间：2026-01-27 17:05　来源：某市财政局
        meta.setdefault("page_source", more.group("src"))
    if label in _SOURCE_LABELS and value:
        src = rx(r"[\s　|｜]+").split(value)[0].strip("）)】]")
        if src:
            meta.setdefault("data_source" if label in ("数据来源", "资料来源") else "page_source", src)
        d = parse_date(value)
        if d:
            meta.setdefault("published", d[0])
    return out.drop_run(lines, i, j, f"page metadata ({label})")


def _breadcrumb(lines: list, i: int, after_label: bool = False) -> int:
    """End of a breadcrumb trail (首页 > 政务信息 > 要闻), one line or one item per line."""
    s = lines[i].text
    if not after_label:
        if rx(r"^(?:首页|网站首页|主页)\s*[>›»＞/]").match(s):
            return i + 1
        if s not in ("首页", "网站首页", "主页") or i + 1 >= len(lines) or not _SEPARATOR.match(lines[i + 1].text):
            return i
    j = i + 1
    if after_label and j < len(lines) and len(lines[j].text) <= 20 and not _SEPARATOR.match(lines[j].text) \
            and rx(r"[>›»＞]").search(s) is None and lines[j].text in ("首页", "网站首页", "主页"):
        j += 1
    while j + 1 < len(lines) and _SEPARATOR.match(lines[j].text) and len(lines[j + 1].text) <= 20 \
            and not rx(r"[。，；！？]").search(lines[j + 1].text):
        j += 2
    return j
