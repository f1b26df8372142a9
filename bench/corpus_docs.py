"""Generated documents for the corpus benchmark: Vietnamese administrative text of realistic lengths.

Lengths follow a log-normal around 5,000 characters (the development set's provincial evidence is mostly
2-10k; central legal texts run longer). Subjects name a specific place, as real ones do, so a phrase of a
subject points at few documents. Numbers are unique by construction so that "findable by its number" has one
right answer.
"""

from __future__ import annotations

import hashlib
import random
from datetime import date

from model.records import MatchRecord, Page, TextSource

TYPES = [("Quyết định", "QĐ"), ("Kế hoạch", "KH"), ("Báo cáo", "BC"), ("Thông báo", "TB"), ("Tờ trình", "TTr"),
         ("Hướng dẫn", "HD"), ("Nghị quyết", "NQ"), ("Công văn", None)]  # fmt: skip
PROVINCES = ["Lai Châu", "Lâm Đồng", "Điện Biên", "Sơn La", "Lào Cai", "Tuyên Quang", "Thái Nguyên", "Phú Thọ",
             "Bắc Ninh", "Hưng Yên", "Hải Phòng", "Quảng Ninh", "Ninh Bình", "Thanh Hóa", "Nghệ An", "Hà Tĩnh",
             "Quảng Trị", "Huế", "Đà Nẵng", "Quảng Ngãi", "Gia Lai", "Đắk Lắk", "Khánh Hòa", "Đồng Nai",
             "Tây Ninh", "Vĩnh Long", "Đồng Tháp", "An Giang", "Cà Mau", "Cần Thơ"]  # fmt: skip
BODIES = [("Ủy ban nhân dân tỉnh", "UBND"), ("Sở Nội vụ tỉnh", "SNV"), ("Sở Tư pháp tỉnh", "STP"),
          ("Sở Tài chính tỉnh", "STC"), ("Sở Khoa học và Công nghệ tỉnh", "SKHCN"), ("Sở Y tế tỉnh", "SYT"),
          ("Sở Giáo dục và Đào tạo tỉnh", "SGDĐT"), ("Thanh tra tỉnh", "TTr")]  # fmt: skip
TOPICS = ["cải cách hành chính", "chuyển đổi số", "kiểm soát thủ tục hành chính", "phòng, chống tham nhũng",
          "đào tạo, bồi dưỡng cán bộ, công chức", "tuyên truyền, phổ biến, giáo dục pháp luật",
          "thực hành tiết kiệm, chống lãng phí", "tiếp công dân và giải quyết khiếu nại, tố cáo",
          "cơ chế một cửa, một cửa liên thông", "xây dựng chính quyền số", "kiểm tra công vụ",
          "sắp xếp tổ chức bộ máy", "quản lý biên chế", "an toàn thông tin mạng", "dịch vụ công trực tuyến"]  # fmt: skip
SYLLABLES = ["Nà", "Pa", "Mường", "Tả", "Sìn", "Hồ", "Bình", "Tân", "Phúc", "Xuân", "Thượng", "Hạ", "Đông",
             "Nậm", "Lư", "Khổng", "Chăn", "Hừ", "Tần", "Mé", "Lò", "Vàng", "Pú", "Sàng", "Thàng", "Cuổi",
             "Hòa", "An", "Lạc", "Yên", "Mỹ", "Thạnh", "Lợi", "Hưng", "Trung", "Nghĩa", "Sơn", "Giang"]  # fmt: skip
SUBJECT_FORMS = [
    "Kế hoạch {topic} năm {year} tại {place}",
    "Báo cáo kết quả {topic} {period} năm {year} của {place}",
    "Về việc triển khai {topic} trên địa bàn {place}",
    "Phê duyệt danh mục nhiệm vụ {topic} của {place} năm {year}",
    "Kiện toàn Ban chỉ đạo {topic} {place}",
    "Về việc kiểm tra {topic} tại {place}",
]
SENTENCES = [
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015.",
    "Thực hiện chỉ đạo của {body} về {topic}, các cơ quan, đơn vị triển khai thực hiện nghiêm túc.",
    "Tăng cường kỷ luật, kỷ cương hành chính; nâng cao chất lượng {topic} trong năm {year}.",
    "Các phòng, ban chuyên môn tổ chức rà soát, đánh giá kết quả {topic} và báo cáo trước ngày 20 hằng tháng.",
    "Kinh phí thực hiện được bố trí từ nguồn ngân sách nhà nước theo phân cấp hiện hành.",
    "Giao {body} chủ trì, phối hợp với các cơ quan liên quan hướng dẫn, đôn đốc, kiểm tra việc thực hiện.",
    "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các đơn vị phản ánh kịp thời để tổng hợp.",
    "Tổng số hồ sơ tiếp nhận {n} hồ sơ, đã giải quyết đúng hạn {m} hồ sơ, đạt tỷ lệ cao.",
    "Đẩy mạnh ứng dụng công nghệ thông tin, cung cấp dịch vụ công trực tuyến toàn trình cho người dân.",
    "Tổ chức {n} hội nghị quán triệt, tuyên truyền về {topic} cho cán bộ, công chức, viên chức.",
    "Mục đích, yêu cầu: bảo đảm thực hiện đồng bộ, hiệu quả các nhiệm vụ {topic}.",
    "Chế độ thông tin, báo cáo định kỳ thực hiện theo quy định tại Văn bản số 581/BNV-CCHC.",
]


class DocumentMaker:
    def __init__(self, seed: int = 2025) -> None:
        self.random = random.Random(seed)
        self.numbers: set[str] = set()

    def place(self) -> str:
        kind = self.random.choice(["xã", "phường", "thôn", "bản"])
        return f"{kind} {self.random.choice(SYLLABLES)} {self.random.choice(SYLLABLES)}"

    def number(self, abbr: str | None, issuer_abbr: str, year: int) -> str:
        while True:
            seq = self.random.randint(1, 9999)
            number = f"{seq}/{abbr}-{issuer_abbr}" if abbr else f"{seq}/{issuer_abbr}-VP"
            if self.random.random() < 0.05:
                number = f"{seq}/{year}/{abbr or 'QĐ'}-{issuer_abbr}"
            if number not in self.numbers:
                self.numbers.add(number)
                return number

    def document(self, index: int) -> MatchRecord:
        rng = self.random
        doc_type, abbr = rng.choice(TYPES)
        body_name, issuer_abbr = rng.choice(BODIES)
        province = rng.choice(PROVINCES)
        issuer = f"{body_name} {province}"
        year = rng.choice([2023, 2024, 2025, 2025, 2026])
        issued = date(year, rng.randint(1, 12), rng.randint(1, 28))
        topic = rng.choice(TOPICS)
        subject = rng.choice(SUBJECT_FORMS).format(
            topic=topic,
            year=year,
            place=f"{self.place()}, tỉnh {province}",
            period=rng.choice(["quý I", "6 tháng"]),
        )
        number = self.number(abbr, issuer_abbr, year)
        length = min(80_000, max(800, int(rng.lognormvariate(8.5, 0.9))))
        text = self.body(issuer, number, doc_type, issued, subject, topic, length)
        pages = [
            Page(number=i + 1, text=text[start : start + 3000], source=TextSource.text)
            for i, start in enumerate(range(0, len(text), 3000))
        ]
        return MatchRecord(
            file=f"{index:06d}.pdf", sha256=hashlib.sha256(text.encode()).hexdigest(), number=number,
            doc_type=doc_type, issue_date=issued, issuer=issuer, subject=subject, pages=pages,
            page_count=len(pages), text_source="text",
        )  # fmt: skip

    def body(
        self, issuer: str, number: str, doc_type: str, issued: date, subject: str, topic: str, size: int
    ) -> str:
        rng = self.random
        head = (
            f"{issuer.upper()}\nSố: {number}\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
            f"ngày {issued.day:02d} tháng {issued.month:02d} năm {issued.year}\n{doc_type.upper()}\n{subject}\n"
        )
        parts = [head]
        total = len(head)
        while total < size:
            sentence = rng.choice(SENTENCES).format(
                body=issuer, topic=rng.choice(TOPICS) if rng.random() < 0.3 else topic, year=issued.year,
                n=rng.randint(2, 900), m=rng.randint(1, 800),
            )  # fmt: skip
            parts.append(sentence + ("\n" if rng.random() < 0.3 else " "))
            total += len(sentence) + 1
        return "".join(parts)

    def documents(self, count: int) -> list[MatchRecord]:
        return [self.document(index) for index in range(count)]
