"""Router: page config, the URL-bound view state, the sidebar, navigation."""

import streamlit as st

from dashboard import indices
from pages import _document as document
from pages import _present as present
from pages import _routing as routing
from pages import _ui as ui

st.set_page_config(page_title="Chỉ số cải cách cấp tỉnh", page_icon="📊", layout="wide")

routing.mark_routed()
ctx = ui.load_context()
document.set_document_language(ctx.lang)
st.set_page_config(
    page_title=f"Chỉ số cải cách cấp tỉnh · {' '.join(indices.labels().values())}",
    initial_sidebar_state="collapsed" if ctx.state.present else "auto",
)
PAGE_FILES = {name: f"pages/{name}.py" for name in ui.PAGES}
ICONS = {
    "overview": ":material/home:",
    "rankings": ":material/trending_up:",
    "map": ":material/map:",
    "compare": ":material/compare_arrows:",
    "profile": ":material/location_on:",
    "whatif": ":material/stairs:",
    "correlate": ":material/scatter_plot:",
    "data": ":material/table:",
    "methods": ":material/menu_book:",
}
HOME = "overview"  # Streamlit's default page, served at the app's root address
pages = {
    name: st.Page(
        path,
        title=ctx.t(f"page_{name}"),
        icon=ICONS[name],
        url_path="home" if name == HOME else name,  # "overview" is the alias's below
        default=(name == HOME),
    )
    for name, path in PAGE_FILES.items()
}


def open_home() -> None:
    """/overview, written like every other page's address (Streamlit serves its default page only at the root and
    would say "page not found"): open the root with the same view."""
    st.switch_page(pages[HOME], query_params=st.query_params.to_dict())


alias = st.Page(open_home, url_path=HOME, visibility="hidden")
# Streamlit's own menu, under the app's title; a page it opens keeps the view (pages/_ui.py, load_context)
current = st.navigation({ctx.t("app_title"): [*pages.values(), alias]}, position="sidebar")
if current is alias:  # before anything is drawn
    current.run()

with st.sidebar:
    ui.language_control(ctx)
    present.presentation_toggle(ctx)

if ctx.state.present:
    present.presentation_chrome(ctx, before=ui.share_button)
else:
    with st.container(horizontal=True, horizontal_alignment="right"):
        ui.share_button(ctx)
ui.show_notices(ctx)
current.run()
st.divider()
ui.updated_footer(ctx)
