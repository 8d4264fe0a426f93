"""Train a CNN: a small conv → activation → pool network learns live on digits, shapes or your images."""

import streamlit as st

from ui.common.i18n import t
from ui.common.shell import page_start

page_start()
st.title(t("nav.train"))

# Imported after the title is on screen: these modules load torch (about 3 s on a first visit).
from ui.train import controls as train_controls  # noqa: E402
from ui.train import extras as train_extras  # noqa: E402
from ui.train import inside as train_inside  # noqa: E402
from ui.train import lab as train_lab  # noqa: E402
from ui.train import live as train_live  # noqa: E402
from ui.train import quiz as train_quiz  # noqa: E402
from ui.train import state as train_state  # noqa: E402

train_state.POOL.warm()  # the training processes load torch now, not when Start is pressed

st.write(t("train.intro"))
st.caption(t("train.vocab"))
st.caption(t("train.vocab.batch"))

st.header(t("train.section.data"))
data_key, ds = train_controls.dataset_section()
if ds is None:
    st.stop()


@st.fragment
def model_and_run(data_key: str, ds) -> None:
    """Everything below the data: a model control reruns this part alone (the data section's sample pictures above
    are not sent or drawn again). Nothing above depends on these settings."""
    st.header(t("train.section.model"))
    run_part(data_key, ds, train_controls.architecture_section(ds))


@st.fragment
def run_part(data_key: str, ds, cfg) -> None:
    """Below the architecture: a hyper-parameter or run control reruns this alone (not the layer table)."""
    hp = train_controls.hyper_section(len(ds.y_train))

    st.header(t("train.section.run"))
    train_lab.advance_queue()  # the loss experiment's second run starts when its first has finished
    train_live.controls(data_key, ds, cfg, hp)
    train_live.live_view(hp.pace)
    train_lab.loss_experiment(train_live.settings_of(data_key, ds, cfg, hp) if cfg else None, ds, cfg, hp)
    train_lab.batch_lab(ds, cfg, hp)
    train_quiz.quiz_section(len(ds.y_train), hp.batch_size, hp.epochs)

    run = train_state.current()
    if run is None:
        return
    tr = run.trainer

    st.header(t("train.section.inside"))
    if run.running:  # these views are the costliest drawing on the page: never while the run computes
        st.caption(t("train.inside.while_running"))
        return
    idx = train_inside.pick_image(tr)  # above the tabs: the feature maps and the softmax bars show this image
    views = {
        "filters": lambda: train_inside.filters_view(tr),
        "maps": lambda: train_inside.feature_maps_view(tr, idx),
        "confusion": lambda: train_inside.confusion_view(tr),
        "softmax": lambda: train_inside.softmax_view(tr, idx),
        "try": lambda: train_inside.try_it_view(tr),
        "compare": train_extras.compare_view,
        "export": lambda: train_extras.export_view(run),
    }
    for name, tab in train_inside.tabs().items():
        with tab:
            if tab.open is not False:  # only the open tab is computed and drawn (None: tabs without state draw all)
                views[name]()
            elif name == "try":
                train_inside.try_it_view(tr, shown=False)  # its uploader stays, and with it the student's photo


model_and_run(data_key, ds)
