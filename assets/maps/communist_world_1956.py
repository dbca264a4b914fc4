"""Draw assets/images/communist-world-1956-58.png, the communist world in 1956–58, from Natural Earth data.

Run by `make map` in its own virtual environment (geopandas before 1.0 ships Natural Earth's low-resolution
countries, which are in the public domain); the lessons use the committed picture, so builds never need this.

Natural Earth draws today's countries, so the script rebuilds the map of 1956–58 from them: the fifteen Soviet
republics merged into one Soviet Union; Czechia and Slovakia into Czechoslovakia; the Yugoslav republics into
Yugoslavia; Germany cut along a simplified inner German border and Vietnam along the 17th parallel. Borders are
simplified: West Berlin, an island inside East Germany, is too small to show at this scale.
"""

from __future__ import annotations

import io
import sys
import warnings
from pathlib import Path

import geopandas
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402
from PIL import Image  # noqa: E402
from shapely.geometry import Point, Polygon, box  # noqa: E402
from shapely.ops import unary_union  # noqa: E402

OUTPUT = Path(__file__).resolve().parents[1] / "images" / "communist-world-1956-58.png"

SOVIET_REPUBLICS = ["Russia", "Ukraine", "Belarus", "Moldova", "Lithuania", "Latvia", "Estonia", "Georgia", "Armenia",
                    "Azerbaijan", "Kazakhstan", "Uzbekistan", "Turkmenistan", "Kyrgyzstan", "Tajikistan"]
SOVIET_ALLIES = ["Poland", "Czechia", "Slovakia", "Hungary", "Romania", "Bulgaria", "Albania", "Mongolia",
                 "North Korea"]
YUGOSLAVIA = ["Slovenia", "Croatia", "Bosnia and Herz.", "Serbia", "Montenegro", "Kosovo", "North Macedonia"]

# The inner German border, simplified (longitude, latitude): from the Bay of Lübeck south along the Elbe, past
# Helmstedt and the Harz, to the meeting point with Czechoslovakia near Hof; the polygon closes to the east.
EAST_OF_INNER_GERMAN_BORDER = Polygon([
    (10.90, 54.20), (10.88, 53.96), (10.78, 53.70), (10.60, 53.37), (11.00, 53.25), (11.57, 53.04),
    (10.95, 52.85), (10.95, 52.60), (11.05, 52.23), (10.60, 51.80), (10.55, 51.60), (10.20, 51.40),
    (9.95, 51.25), (10.05, 50.95), (9.95, 50.65), (10.10, 50.55), (10.60, 50.35), (11.05, 50.35),
    (11.40, 50.45), (11.90, 50.40), (12.10, 50.32), (12.50, 49.90), (16.00, 49.90), (16.00, 54.80),
])
NORTH_OF_17TH_PARALLEL = box(100.0, 17.0, 112.0, 24.0)

PROJECTION = "+proj=laea +lat_0=45 +lon_0=75 +datum=WGS84 +units=m"
NEIGHBOURS = box(-70.0, -10.0, 180.0, 85.0)  # the rest of the world that can come into view

LOOK = {  # fills that stay apart in grey: the map is projected in colour and copied in black and white
    "Soviet Union": {"facecolor": "#8c1c13", "hatch": None},
    "People's Republic of China": {"facecolor": "#e0a030", "hatch": None},
    "Communist allies of Moscow": {"facecolor": "#f3c6b5", "hatch": None},
    "Communist, outside the bloc (Yugoslavia)": {"facecolor": "#ffffff", "hatch": "...."},
}
LABELS = [  # (text, longitude, latitude, colour, size): on the country
    ("SOVIET UNION", 84.0, 62.0, "white", 32), ("CHINA", 99.0, 31.0, "black", 32),
    ("MONGOLIA", 103.0, 46.6, "black", 22),
]
POINTERS = [  # (text, longitude and latitude of the text, of the country): small countries, labelled off the coast
    ("NORTH KOREA", 146.0, 42.0, 126.8, 40.0), ("NORTH VIETNAM", 126.0, 14.5, 105.5, 21.0),
    ("SOVIET ALLIES IN\nEASTERN EUROPE", 2.0, 60.0, 18.5, 52.0),
]
CITIES = [("Moscow", 37.62, 55.75, (10, -34)), ("Beijing", 116.40, 39.90, (10, -34)),
          ("Budapest", 19.04, 47.50, (-14, -30))]  # offset of the name


def countries() -> geopandas.GeoDataFrame:
    with warnings.catch_warnings():  # the dataset is deprecated in geopandas 0.14 and gone in 1.0: it is why we pin
        warnings.simplefilter("ignore")
        return geopandas.read_file(geopandas.datasets.get_path("naturalearth_lowres"))


def map_of_1956(world: geopandas.GeoDataFrame) -> geopandas.GeoDataFrame:
    """Return one row per shape to draw, each with its category (None for the rest of the world)."""
    shape = dict(zip(world["name"], world["geometry"]))
    missing = [name for name in SOVIET_REPUBLICS + SOVIET_ALLIES + YUGOSLAVIA + ["China", "Germany", "Vietnam"]
               if name not in shape]
    if missing:
        sys.exit(f"Natural Earth no longer has {missing}: check the names")
    germany, vietnam = shape["Germany"], shape["Vietnam"]
    categories = [
        ("Soviet Union", unary_union([shape[name] for name in SOVIET_REPUBLICS])),
        ("People's Republic of China", shape["China"]),
        ("Communist allies of Moscow", unary_union(
            [shape[name] for name in SOVIET_ALLIES] + [germany.intersection(EAST_OF_INNER_GERMAN_BORDER),
                                                       vietnam.intersection(NORTH_OF_17TH_PARALLEL)])),
        ("Communist, outside the bloc (Yugoslavia)", unary_union([shape[name] for name in YUGOSLAVIA])),
    ]
    drawn = set(SOVIET_REPUBLICS + SOVIET_ALLIES + YUGOSLAVIA + ["China"])
    rest = [(None, geometry) for name, geometry in shape.items() if name not in drawn | {"Germany", "Vietnam"}]
    rest += [(None, germany.difference(EAST_OF_INNER_GERMAN_BORDER)),
             (None, vietnam.difference(NORTH_OF_17TH_PARALLEL))]
    rest = [(None, geometry.intersection(NEIGHBOURS)) for _, geometry in rest]
    frame = geopandas.GeoDataFrame({"category": [c for c, _ in categories + rest]},
                                   geometry=[g for _, g in categories + rest], crs=world.crs)
    frame = frame[~frame.geometry.is_empty].to_crs(PROJECTION)
    drawn = frame["category"].notna()  # close the seam where the Soviet Far East crosses the 180th meridian
    frame.loc[drawn, "geometry"] = frame.loc[drawn, "geometry"].buffer(3000).buffer(-3000)
    return frame


def draw(frame: geopandas.GeoDataFrame, output: Path) -> None:
    plt.rcParams.update({"font.family": "DejaVu Sans", "hatch.color": "#555555", "hatch.linewidth": 1.0,
                         "svg.hashsalt": "lessonkit"})
    figure, axes = plt.subplots(figsize=(16, 10), dpi=100)
    figure.patch.set_facecolor("#e8eff5")  # the sea, as the axes are hidden
    frame[frame["category"].isna()].plot(ax=axes, facecolor="#ffffff", edgecolor="#9a9a9a", linewidth=0.6)
    for category, look in LOOK.items():
        frame[frame["category"] == category].plot(ax=axes, edgecolor="#222222", linewidth=1.0, **look)
    def projected(longitude: float, latitude: float) -> tuple[float, float]:
        point = geopandas.GeoSeries([Point(longitude, latitude)], crs="EPSG:4326").to_crs(PROJECTION)[0]
        return point.x, point.y

    for text, longitude, latitude, colour, size in LABELS:
        axes.annotate(text, projected(longitude, latitude), ha="center", va="center", fontsize=size,
                      fontweight="bold", color=colour, linespacing=1.0)
    for text, text_longitude, text_latitude, longitude, latitude in POINTERS:
        axes.annotate(text, projected(longitude, latitude), xytext=projected(text_longitude, text_latitude),
                      ha="center", va="center", fontsize=28, fontweight="bold", linespacing=1.0,
                      bbox={"boxstyle": "round,pad=0.25", "facecolor": "white", "edgecolor": "#222222"},
                      arrowprops={"arrowstyle": "-|>", "color": "#222222", "linewidth": 1.5})
    for name, longitude, latitude, offset in CITIES:
        point = projected(longitude, latitude)
        axes.plot(*point, marker="o", markersize=11, color="black", markeredgecolor="white")
        axes.annotate(name, point, xytext=offset, textcoords="offset points", fontsize=24, fontweight="bold",
                      ha="left" if offset[0] > 0 else "right", color="black",
                      bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.9})
    x_min, y_min, x_max, y_max = frame[frame["category"].notna()].total_bounds
    x_min, x_max, y_min, y_max = x_min - 1.2e6, x_max + 1.2e6, y_min - 1.4e6, y_max + 1e5
    width, height = figure.get_size_inches()
    extra = (x_max - x_min) * height / width - (y_max - y_min)  # fill the whole picture: no land cut short
    if extra > 0:
        y_min, y_max = y_min - extra / 2, y_max + extra / 2
    else:
        x_min, x_max = x_min + extra * width / height / 2, x_max - extra * width / height / 2
    axes.set_xlim(x_min, x_max)
    axes.set_ylim(y_min, y_max)
    axes.set_axis_off()
    legend = [Patch(facecolor=look["facecolor"], hatch=look["hatch"], edgecolor="#222222", label=category)
              for category, look in LOOK.items()]
    axes.legend(handles=legend, loc="lower left", fontsize=22, frameon=True, framealpha=1.0, edgecolor="#222222")
    figure.subplots_adjust(0, 0, 1, 1)
    output.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    figure.savefig(buffer, dpi=100, metadata={"Software": None})  # no version stamp: the same data, the same bytes
    plt.close(figure)
    picture = Image.open(buffer).convert("RGB").quantize(colors=128, method=Image.Quantize.MEDIANCUT, dither=0)
    picture.save(output, optimize=True)  # a palette of 128 colours: a quarter of the bytes, no visible change


if __name__ == "__main__":
    draw(map_of_1956(countries()), OUTPUT)
    print(f"wrote {OUTPUT.relative_to(Path.cwd()) if OUTPUT.is_relative_to(Path.cwd()) else OUTPUT}")
