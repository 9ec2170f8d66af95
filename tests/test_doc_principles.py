"""DOC principles found on the seventh, eighth and ninth holdouts, each on real files in
tmp_path, with the look-alike that must not change: a snippet that trains and then runs the
model, a setting marked for inference inside a training snippet, ... (test_doc.py holds the
earlier ones)."""

from __future__ import annotations

from conftest import run_check

from handoff.checks.doc.commands import command_purpose
from handoff.checks.doc.passages import Passages, Purpose, text_purpose
from handoff.checks.doc.reader import read_document

MODEL = {"model.py": "import torch\n\nnet = torch.nn.Linear(4, 2)\n"}


def codes(tmp_path, readme: str) -> set[str]:
    """The DOC codes a model project with this README gets."""
    result = run_check(tmp_path, {**MODEL, "README.md": readme}, select=("DOC",))
    assert not result.errors, result.errors
    return {f.rule for f in result.findings if f.rule.startswith("DOC")}


def passages(text: str) -> Passages:
    return Passages([read_document("README.md", text)])


# A library snippet that trains a generator, then draws from it once trained.
_TRAIN_THEN_SAMPLE = (
    "# gen\n\n## Usage\n\n```python\nnet = Backbone(width=32)\nflow = FlowModel(net, size=64)\n\n"
    "batch = torch.rand(16, 1, 64, 64)\nloss = flow(batch)\nloss.backward()\n\n"
    "# once it has trained for a while\nimages = flow.sample(batch_size = 8)\n"
    "images.shape  # (8, 1, 64, 64)\n```\n"
)


def test_a_snippet_that_trains_then_samples_shows_how_to_run_the_model(tmp_path):
    found = passages(_TRAIN_THEN_SAMPLE)
    assert [s.purpose for s in found.snippets] == [Purpose.TRAINING, Purpose.INFERENCE]
    assert {"DOC005", "DOC006", "DOC009"}.isdisjoint(
        codes(tmp_path / "sampled", _TRAIN_THEN_SAMPLE)
    )
    # the same snippet that stops at the training step runs nothing
    trained = _TRAIN_THEN_SAMPLE.split("\n# once", maxsplit=1)[0] + "\n```\n"
    assert {"DOC005", "DOC006", "DOC009"} <= codes(tmp_path / "trained", trained)


def test_a_model_call_inside_the_training_loop_is_still_training():
    loop = (
        "## Usage\n\n```python\nnet = Net()\nfor x, y in loader:\n    loss = crit(net(x), y)\n"
        "    loss.backward()\n    opt.step()\n    preds = net(x)\n```\n"
    )
    assert [s.purpose for s in passages(loop).snippets] == [Purpose.TRAINING]


def test_a_setting_marked_for_inference_in_a_training_snippet_is_a_setting(tmp_path):
    marked = (
        "# gen\n\n## Train\n\n```python\nflow = FlowModel(\n    net,\n    timesteps = 1000,\n"
        "    sampling_timesteps = 100  # fewer steps when sampling, for faster inference\n)\n"
        "trainer = Trainer(flow, 'images/')\ntrainer.train()\n```\n"
    )
    assert "DOC004" not in codes(tmp_path / "marked", marked)
    unmarked = marked.replace("  # fewer steps when sampling, for faster inference", "")
    assert "DOC004" in codes(tmp_path / "unmarked", unmarked)


def test_what_is_generated_or_saved_is_no_input(tmp_path):
    saved = "# gen\n\n## Sampling\n\nGenerate 16 images at 256x256 and save them as PNG files.\n"
    assert "DOC002" in codes(tmp_path / "saved", saved)
    comment = (
        "# gen\n\n## Bench\n\n```bash\n# time generating a 256 token sequence\npython b.py\n```\n"
    )
    assert "DOC002" in codes(tmp_path / "comment", comment)
    read = "# gen\n\n## Usage\n\nRGB images of 256x256 are used to generate the captions.\n"
    assert "DOC002" not in codes(tmp_path / "read", read)


def test_an_example_input_sized_by_the_model_itself_states_the_input(tmp_path):
    sized = (
        "# gen\n\n## Usage\n\n```python\nG = load_generator('g.pkl')\n"
        "z = torch.randn([4, G.latent_dim])\nimg = G(z)\n```\n"
    )
    assert "DOC002" not in codes(tmp_path / "sized", sized)
    unsized = sized.replace("torch.randn([4, G.latent_dim])", "torch.randn(shape)")
    assert "DOC002" in codes(tmp_path / "unsized", unsized)


def test_the_control_tokens_a_text_input_may_carry_state_the_input(tmp_path):
    tokens = "# tts\n\n## Notes\n\nThe control tokens are `[sigh]` and `[pause]` (in the text).\n"
    assert "DOC002" not in codes(tmp_path / "tokens", tokens)
    named = "# tts\n\n## Notes\n\nControl tokens will come in a later release.\n"
    assert "DOC002" in codes(tmp_path / "named", named)


def test_a_venue_and_year_in_parentheses_cite_a_paper_not_a_shape(tmp_path):
    cited = "# m\n\n## Citation\n\nFastTab: tabular learning at scale (NeurIPS, 2021).\n"
    assert "DOC002" in codes(tmp_path / "cited", cited)
    shaped = "# m\n\n## Usage\n\nTabular rows come in as a tensor (N, 128).\n"
    assert "DOC002" not in codes(tmp_path / "shaped", shaped)


def test_the_prompt_length_handed_to_the_inference_command_sizes_the_input(tmp_path):
    flag = (
        "# m\n\n## Continue a clip\n\n```bash\npython generate.py --clip my.ogg"
        " --prompt_length_seconds=8 --out gen/\n```\n"
    )
    assert "DOC002" not in codes(tmp_path / "flag", flag)
    no_flag = flag.replace(" --prompt_length_seconds=8", "")
    assert "DOC002" in codes(tmp_path / "no_flag", no_flag)


def test_an_input_size_passed_by_keyword_to_the_model_run_sizes_the_input(tmp_path):
    keyword = (
        "# m\n\n## Quick start\n\n```python\nm = Forecaster(input_size=48, horizon=6)\n"
        "m.fit(series)\nm.predict()\n```\n"
    )
    assert "DOC002" not in codes(tmp_path / "keyword", keyword)
    hidden = keyword.replace("input_size=48", "hidden_size=48")
    assert "DOC002" in codes(tmp_path / "hidden", hidden)


def test_a_numeric_default_stated_in_a_usage_sentence_is_a_setting(tmp_path):
    default = (
        "# codec\n\n## Usage\n\nThe tool encodes the file at the chosen bit rate"
        " (default is 12 kbps, or 6 / 24).\n"
    )
    assert "DOC004" not in codes(tmp_path / "default", default)
    # where it runs is no setting
    workers = "# codec\n\n## Usage\n\nThe loader starts a few workers (default is 4 workers).\n"
    assert "DOC004" in codes(tmp_path / "workers", workers)


def test_comment_lines_under_the_print_of_the_result_show_the_output(tmp_path):
    printed = (
        "# tagger\n\n## Usage\n\n```python\ntagger = Tagger.from_pretrained('org/tagger')\n"
        "spans = tagger('clip.wav')\nfor span in spans:\n    print(f'{span.start}s {span.tag}')\n"
        "# 0.4s music\n# 2.1s speech\n```\n"
    )
    assert "DOC005" not in codes(tmp_path / "printed", printed)
    # a comment above the print says what the next line does, not what it prints
    above = printed.replace(
        "    print(f'{span.start}s {span.tag}')\n# 0.4s music\n# 2.1s speech\n",
        "    # show each span\n    print(f'{span.start}s {span.tag}')\n",
    )
    assert "DOC005" in codes(tmp_path / "above", above)


def test_what_a_classifier_sorts_its_input_into_is_its_label_set(tmp_path):
    into = (
        "# clf\n\n## Usage\n\nUse it for classifying clips into one of the 50 classes of the set.\n"
    )
    assert "DOC005" not in codes(tmp_path / "into", into)
    task = "# clf\n\n## Usage\n\nUse it for classifying clips of bird song.\n"
    assert "DOC005" in codes(tmp_path / "task", task)


def test_how_many_inputs_go_through_at_a_time_is_the_batch_size(tmp_path):
    at_once = "# m\n\n## Notes\n\nOn one GPU the small model can process 8 images at a time.\n"
    assert "DOC006" not in codes(tmp_path / "at_once", at_once)
    quickly = "# m\n\n## Notes\n\nOn one GPU the small model can process images quickly.\n"
    assert "DOC006" in codes(tmp_path / "quickly", quickly)


def test_a_container_that_runs_a_training_command_trains(tmp_path):
    assert command_purpose("docker run -v $(pwd):/w img python fit.py --epochs 5 --lr 0.01") is (
        Purpose.TRAINING
    )
    trains = (
        "# rec\n\n## Docker\n\n```bash\ndocker run -v $(pwd):/w img python fit.py --epochs 5"
        " --batch_size 128 --lr 0.01\n```\n"
    )
    assert {"DOC006", "DOC009"} <= codes(tmp_path / "trains", trains)
    serves = "# rec\n\n## Docker\n\n```bash\ndocker run -p 8080:8080 img --batch_size 16\n```\n"
    assert {"DOC006", "DOC009"}.isdisjoint(codes(tmp_path / "serves", serves))


def test_a_random_generator_made_from_a_number_is_a_seed(tmp_path):
    keyed = (
        "# m\n\nTested with JAX 0.4.20.\n\n## Usage\n\n```python\nkey = jax.random.PRNGKey(7)\n"
        "params = net.init(key, x)\n```\n"
    )
    assert "DOC008" not in codes(tmp_path / "keyed", keyed)
    split = keyed.replace("jax.random.PRNGKey(7)", "jax.random.split(key)")
    assert "DOC008" in codes(tmp_path / "split", split)


def test_an_amount_of_work_done_in_a_time_is_a_speed_figure(tmp_path):
    timed = "# asr\n\n## Speed\n\nOn one TPU we transcribe 2 hours of audio in about 90 sec.\n"
    assert "DOC007" not in codes(tmp_path / "timed", timed)
    steps = "# asr\n\n## Speed\n\nWe transcribe 2 hours of audio in 4 passes.\n"
    assert "DOC007" in codes(tmp_path / "steps", steps)


def test_a_test_script_handed_the_weights_and_the_users_input_runs_the_model(tmp_path):
    user = (
        "# det\n\n## Testing\n\n```bash\npython test.py --trained_model=[weights file]"
        " --image_dir=[folder of your images]\n```\n"
    )
    assert "DOC009" not in codes(tmp_path / "user", user)
    benchmark = user.replace("[folder of your images]", "[path to the test dataset]")
    assert "DOC009" in codes(tmp_path / "benchmark", benchmark)


def test_what_a_training_call_is_given_is_no_inference_setting(tmp_path):
    fitted = (
        "# rl\n\n## Usage\n\n```python\nagent = Agent.create()\nagent.fit(data, n_steps=50000)\n"
        "action = agent.predict(obs)\n```\n"
    )
    assert "DOC004" in codes(tmp_path / "fitted", fitted)
    run = fitted.replace("agent.predict(obs)", "agent.predict(obs, temperature=0.5)")
    assert "DOC004" not in codes(tmp_path / "run", run)


def test_a_numerical_project_whose_method_learns_representations_is_a_model(tmp_path):
    numerical = {"embed.py": "import numpy as np\n\nvectors = np.zeros((4, 8))\n"}
    learns = (
        "# walks\n\nThe algorithm learns continuous representations for the nodes of a graph."
        "\n\n## Usage\n\n`python embed.py --graph g.txt`\n"
    )
    result = run_check(tmp_path / "learns", {**numerical, "README.md": learns}, select=("DOC",))
    assert {f.rule for f in result.findings} >= {"DOC006", "DOC007"}
    # a numerical tool that searches vectors made elsewhere, or points to more reading, is no
    # model
    tool = (
        "# search\n\nNearest-neighbour search over learned embeddings, stored as arrays."
        " Learn more about representations in the wiki.\n"
    )
    result = run_check(tmp_path / "tool", {**numerical, "README.md": tool}, select=("DOC",))
    assert not result.findings


def test_a_data_block_under_an_input_heading_shows_the_input(tmp_path):
    layout = (
        "# walks\n\n## Usage\n\n`python embed.py --graph g.txt`\n\n### Input\n\n"
        "Each line of the file is one edge:\n\n    source_id target_id weight\n"
    )
    assert "DOC002" not in codes(tmp_path / "heading", layout)
    introduced = layout.replace("### Input", "### Files").replace(
        "Each line of the file is one edge:", "The input format is as follows:"
    )
    assert "DOC002" not in codes(tmp_path / "introduced", introduced)
    # a command under the same heading runs something; it shows no input
    command = layout.replace("    source_id target_id weight", "    python embed.py --help")
    assert "DOC002" in codes(tmp_path / "command", command)


def test_a_batch_size_passed_by_a_name_set_to_a_number_is_given(tmp_path):
    named = (
        "# forecast\n\n## Usage\n\n```python\nHORIZON = 24\nBS = 16\n"
        "model = Forecaster.load('ckpt')\nrunner = model.runner(batch_size=BS)\n"
        "preds = runner.predict(frame)\n```\n"
    )
    assert "DOC006" not in codes(tmp_path / "named", named)
    # a name set elsewhere gives no value
    unset = named.replace("BS = 16\n", "")
    assert "DOC006" in codes(tmp_path / "unset", unset)


def test_a_batch_limit_stated_in_the_inference_code_is_the_batch_size(tmp_path):
    limit = (
        "# seg\n\n## Inference\n\n```python\n# one RGB image (H, W, 3); the model only supports"
        " batch size 1 for now\nimage = load('x.png')\nmask = model.segment(image)\n```\n"
    )
    assert "DOC006" not in codes(tmp_path / "limit", limit)
    # a comment that explains the example's leading axis of one is no batch size
    axis = limit.replace("the model only supports batch size 1 for now", "batch size 1")
    assert "DOC006" in codes(tmp_path / "axis", axis)
    # nor is the same limit in prose next to a training run
    prose = (
        "# seg\n\nA full training run takes a day. The sparse variant works only when the batch"
        " size is equal to 1.\n\n## Inference\n\n```python\nmask = model.segment(image)\n```\n"
    )
    assert "DOC006" in codes(tmp_path / "prose", prose)


def test_a_table_column_headed_by_a_rate_holds_measured_figures(tmp_path):
    for header, cell in (("Sec/Img", "0.7"), ("QPS", "3008"), ("tokens/s", "41")):
        table = (
            f"# ocr\n\n## Models\n\n| Task | {header} | Score |\n|---|---|---|\n"
            f"| receipts | {cell} | 91.3 |\n"
        )
        assert "DOC007" not in codes(tmp_path / header.replace("/", "_"), table), header
    # a score column is quality, not a figure
    quality = (
        "# ocr\n\n## Models\n\n| Task | F1 | Score |\n|---|---|---|\n| receipts | 0.7 | 91 |\n"
    )
    assert "DOC007" in codes(tmp_path / "quality", quality)


def test_a_speed_against_real_time_is_a_real_time_factor(tmp_path):
    factor = (
        "# vocoder\n\nThe small model synthesises speech 13.4 times faster than real-time on CPU.\n"
    )
    assert "DOC007" not in codes(tmp_path / "factor", factor)
    relative = "# vocoder\n\nThe small model synthesises speech 13.4 times faster than WaveNet.\n"
    assert "DOC007" in codes(tmp_path / "relative", relative)


def test_training_words_inside_a_released_models_name_say_nothing(tmp_path):
    row = (
        "# ocr\n\n## Models\n\n| Checkpoint | Sec/Img |\n|---|---|\n"
        "| ocr-base-finetuned-receipts-v2 | 0.7 |\n"
    )
    assert "DOC007" not in codes(tmp_path / "name", row)
    assert text_purpose("Model: ocr-base-finetuned-receipts-v2", Purpose.NEUTRAL) is (
        Purpose.NEUTRAL
    )
    # the words of the sentence, and a script's name, still say it
    for said in ("We fine-tuned ocr-base-v2 on receipts.", "Run ocr-base-finetune-v2.py first."):
        assert text_purpose(said, Purpose.NEUTRAL) is Purpose.TRAINING, said


def test_the_models_input_size_named_so_holds_whatever_the_sentence_says(tmp_path):
    card = (
        "# reader\n\n## Models\n\n- `reader-base`: trained with 16 GPUs for 3 days, 12 layers,"
        " input size 2560x1920.\n"
    )
    assert "DOC002" not in codes(tmp_path / "named", card)
    # a batch of training images of that size is the training data, not the model's input
    data = card.replace("input size 2560x1920", "on scans of 2560x1920")
    assert "DOC002" in codes(tmp_path / "data", data)


def test_the_context_length_given_in_the_inference_code_sizes_the_input(tmp_path):
    commented = (
        "# forecast\n\n## Usage\n\n```python\nCTX = 96  # context length: any positive integer\n"
        "model = Forecaster.load('ckpt')\npreds = model.predict(frame)\n```\n"
    )
    assert "DOC002" not in codes(tmp_path / "commented", commented)
    keyword = (
        "# forecast\n\n## Usage\n\n```python\nmodel = Forecaster.load('ckpt', context_length=96)"
        "\npreds = model.predict(frame)\n```\n"
    )
    assert "DOC002" not in codes(tmp_path / "keyword", keyword)
    # the number of samples drawn is no size of the input
    samples = keyword.replace("context_length=96", "num_samples=96")
    assert "DOC002" in codes(tmp_path / "samples", samples)


def test_a_literal_in_a_comment_shows_a_result_only_from_the_model_call_on(tmp_path):
    before = (
        "# forecast\n\n## Usage\n\n```python\nSIZE = 'base'  # choose from {'small', 'base'}\n"
        "model = Forecaster.load(SIZE)\npreds = model.predict(frame)\n```\n"
    )
    assert "DOC005" in codes(tmp_path / "before", before)
    after = before.replace(
        "preds = model.predict(frame)", "preds = model.predict(frame)  # {'mean': [...]}"
    )
    assert "DOC005" not in codes(tmp_path / "after", after)


def test_an_assertion_on_the_results_shape_states_the_output(tmp_path):
    asserted = (
        "# block\n\n## Usage\n\n```python\nx = torch.randn(2, 64, 16)\nmodel = Block(dim=16)\n"
        "y = model(x)\nassert y.shape == x.shape\n```\n"
    )
    assert "DOC005" not in codes(tmp_path / "asserted", asserted)
    # the same check on the input, before the call, says nothing of what comes out
    on_input = asserted.replace(
        "y = model(x)\nassert y.shape == x.shape", "assert x.shape[-1] == 16\ny = model(x)"
    )
    assert "DOC005" in codes(tmp_path / "input", on_input)


def test_what_a_policy_returns_is_an_action(tmp_path):
    policy = (
        "# arm\n\n## Usage\n\nGiven the camera frames, the policy predicts the next 4 actions at"
        " once.\n\n```python\nact = policy.sample_actions(obs)\n```\n"
    )
    assert "DOC005" not in codes(tmp_path / "policy", policy)
    # actions named with no output word say nothing of what comes out
    logged = policy.replace(
        "Given the camera frames, the policy predicts the next 4 actions at once.",
        "Every action of an episode is logged for replay.",
    )
    assert "DOC005" in codes(tmp_path / "logged", logged)


def test_an_address_handed_to_a_command_is_no_fractional_setting(tmp_path):
    notebook = (
        "# tts\n\n## Inference demo\n\n1. Download the weights\n"
        "2. `jupyter notebook --ip=127.0.0.1 --port=8888`\n3. Open the notebook\n"
    )
    assert "DOC004" in codes(tmp_path / "address", notebook)
    weighted = notebook.replace("--ip=127.0.0.1 --port=8888", "--mix=0.7 --port=8888")
    assert "DOC004" not in codes(tmp_path / "fraction", weighted)


def test_a_setting_stated_beside_a_measured_speed_is_the_measured_runs(tmp_path):
    bench = (
        "# tts\n\n## Benchmark results\n\nDecoding on one L4 GPU over 20 prompts, 16 NFE.\n\n"
        "| Model | Latency |\n|---|---|\n| base | 250 ms |\n"
    )
    assert "DOC004" not in codes(tmp_path / "measured", bench)
    # the same sentence beside accuracy alone describes an evaluation
    accuracy = bench.replace("| Model | Latency |", "| Model | WER |").replace("250 ms", "2.1")
    assert "DOC004" in codes(tmp_path / "accuracy", accuracy)
    # and the rows of a table that compares precisions give no default
    rows = (
        "# mt\n\n## Benchmark results\n\n| Precision | Tokens per second |\n|---|---|\n"
        "| int8 | 320.5 |\n| fp16 | 210.2 |\n"
    )
    assert "DOC004" in codes(tmp_path / "rows", rows)


def test_values_clipped_to_a_range_and_a_bit_depth_describe_the_data(tmp_path):
    scaled = (
        "# sat\n\n## Usage\n\nExpected input is 8-bit (0-255) aerial images. Pixel values are"
        " divided by 255 and clipped to 0-1.\n\n```python\nout = model(x)\n```\n"
    )
    assert "DOC004" in codes(tmp_path / "scaled", scaled)
    # a length cut and a quantised model are settings
    for said in ("Prompts are truncated to 512 tokens.", "Run the 8-bit quantized model."):
        assert "DOC004" not in codes(tmp_path / said[:6], scaled + "\n" + said + "\n"), said


def test_editing_files_or_starting_a_notebook_runs_no_model(tmp_path):
    setup = (
        "# tts\n\n## Setup\n\n`sed -i -- 's,DUMMY,data/wavs,g' lists/*.txt`\n\n"
        "## Inference demo\n\n`jupyter notebook --port=8888` and open the notebook.\n"
    )
    assert "DOC009" in codes(tmp_path / "setup", setup)
    run = setup.replace(
        "`jupyter notebook --port=8888` and open the notebook.", "`python synth.py --text hi.txt`"
    )
    assert "DOC009" not in codes(tmp_path / "run", run)


def test_a_snippet_introduced_as_running_the_model_runs_it_under_any_heading(tmp_path):
    running = (
        "# arm\n\n## Evaluation\n\nLoading and running a trained policy is as easy as:\n\n"
        "```python\npolicy = Policy.load_pretrained('hub://arm-small')\n"
        "action = policy.sample_actions(obs, task)\n```\n"
    )
    assert "DOC009" not in codes(tmp_path / "running", running)
    # introduced as an evaluation, the same calls score the policy on a benchmark
    scoring = running.replace(
        "Loading and running a trained policy is as easy as:",
        "To evaluate the policy on the test tasks, run the model as follows:",
    )
    assert "DOC009" in codes(tmp_path / "scoring", scoring)


def test_audio_features_named_alone_are_a_representation_not_a_step(tmp_path):
    named = (
        "# vocoder\n\nA vocoder for mel-spectrogram inversion of unseen speakers.\n\n"
        "## Inference\n\n`python infer.py --input_mels_dir mels`\n"
    )
    assert "DOC003" in codes(tmp_path / "named", named)
    for step in (
        "Compute the log-mel spectrogram of each clip before inference.",
        "Inputs are 80 mel bins with a hop length of 256.",
    ):
        assert "DOC003" not in codes(tmp_path / step[:7], named + "\n" + step + "\n"), step


def test_what_an_architecture_builds_from_its_input_describes_the_network(tmp_path):
    catalogue = (
        "# tab\n\n## Models\n\n- RowNet is a network for tabular data which creates contextual"
        " representations for categorical features.\n"
    )
    assert "DOC002" in codes(tmp_path / "catalogue", catalogue)
    # what the model reads, said of the data, is the input
    said = catalogue.replace(
        "RowNet is a network for tabular data which creates contextual representations for",
        "RowNet reads tabular rows of",
    )
    assert "DOC002" not in codes(tmp_path / "said", said)


def test_a_loaded_model_handed_to_a_generating_function_is_run(tmp_path):
    handed = (
        "# t2i\n\n## Generation\n\n```python\nnet = get_small_model('v1', fp16=True)\n"
        "images = generate_images(text, net, top_k=64)\n```\n"
    )
    assert "DOC009" not in codes(tmp_path / "handed", handed)
    # a generating function not handed the model makes data
    data = handed.replace("generate_images(text, net, top_k=64)", "generate_images(64)")
    assert "DOC009" in codes(tmp_path / "data", data)


def test_a_short_batch_keyword_of_the_inference_call_is_the_batch_size(tmp_path):
    short = "# t2i\n\n## Usage\n\n```python\nimages = model.predict(texts, bs=8)\n```\n"
    assert "DOC006" not in codes(tmp_path / "short", short)
    assert "DOC006" in codes(tmp_path / "other", short.replace("bs=8", "k=8"))


def test_the_eval_batch_of_the_code_that_predicts_is_the_batch_size(tmp_path):
    predicting = (
        "# fix\n\n## Usage\n\n```python\nmodel = Seq2Seq('bart', args={\"max_length\": 64,"
        ' "eval_batch_size": 32})\nprint(model.predict(sentences))\n```\n'
    )
    assert "DOC006" not in codes(tmp_path / "predicting", predicting)
    # the batch it trains with is no batch to predict with
    training = predicting.replace("eval_batch_size", "train_batch_size")
    assert "DOC006" in codes(tmp_path / "training", training)


def test_the_default_of_a_batch_option_in_a_help_listing_is_the_batch_size(tmp_path):
    listing = (
        "# gen\n\n## Usage\n\n```console\nusage: gen [-h] [-t TEXT] [-b BATCHSIZE]\n\n"
        "optional arguments:\n  -t TEXT, --text TEXT  Text prompt to the model, DEFAULT ''\n"
        "  -b BATCHSIZE, --batchsize BATCHSIZE\n"
        "                        Generate how many samples at the same time, DEFAULT 1\n```\n"
    )
    assert "DOC006" not in codes(tmp_path / "default", listing)
    named = listing.replace(", DEFAULT 1", "")
    assert "DOC006" in codes(tmp_path / "named", named)
    training = listing.replace("Generate how many samples at the same time", "Training batch")
    assert "DOC006" in codes(tmp_path / "training", training)


def test_the_batch_a_speed_was_measured_at_is_one_to_run_with(tmp_path):
    speed = (
        "# matting\n\n## Speed\n\n| GPU | HD |\n|---|---|\n| RTX 3090 | 172 FPS |\n\n"
        "All tests use batch size 1.\n"
    )
    assert "DOC006" not in codes(tmp_path / "speed", speed)
    # the same sentence under a heading that says nothing of speed
    notes = speed.replace("## Speed", "## Notes").replace("| RTX 3090 | 172 FPS |", "| a | b |")
    notes = notes.replace("| GPU | HD |", "| x | y |")
    assert "DOC006" in codes(tmp_path / "notes", notes)


def test_a_rate_measured_on_a_gpu_is_a_speed_not_a_sample_rate(tmp_path):
    timed = (
        "# vocoder\n\nOur implementation produces audio samples at a rate of 1200 kHz on an"
        " NVIDIA V100 GPU.\n\n## Inference\n\n`python infer.py -f mels.pt -o out`\n"
    )
    found = codes(tmp_path / "timed", timed)
    assert "DOC007" not in found and "DOC005" in found
    rate = timed.replace(
        "produces audio samples at a rate of 1200 kHz on an NVIDIA V100 GPU",
        "outputs audio at 22 kHz",
    )
    found = codes(tmp_path / "rate", rate)
    assert "DOC007" in found and "DOC005" not in found


def test_a_step_that_says_to_generate_something_says_nothing_of_what_comes_out(tmp_path):
    step = "# vocoder\n\n## Inference\n\n1. Generate audio `python infer.py -f mels.pt -o out`\n"
    assert "DOC005" in codes(tmp_path / "step", step)
    said = step.replace("1. Generate audio", "The script generates mono audio:")
    assert "DOC005" not in codes(tmp_path / "said", said)


def test_a_comment_in_the_inference_code_that_says_what_is_predicted_states_the_output(tmp_path):
    commented = (
        "# arm\n\n## Usage\n\n```python\npolicy = Policy.from_pretrained('arm-7b')\n"
        "# Predict the action (7-DoF, un-normalized)\nact = policy.predict_action(image)\n```\n"
    )
    assert "DOC005" not in codes(tmp_path / "commented", commented)
    other = commented.replace("Predict the action (7-DoF, un-normalized)", "Run the policy")
    assert "DOC005" in codes(tmp_path / "other", other)


def test_a_result_unpacked_into_named_parts_states_the_output(tmp_path):
    named = (
        "# t2i\n\n## Usage\n\n```python\nnet = get_small_model('v1')\n"
        "images, scores = generate_images(text, net)\n```\n"
    )
    assert "DOC005" not in codes(tmp_path / "named", named)
    anonymous = named.replace("images, scores = ", "a, b = ")
    assert "DOC005" in codes(tmp_path / "anonymous", anonymous)


def test_a_call_result_named_like_a_knob_is_no_setting(tmp_path):
    config = (
        "# depth\n\n## Usage\n\n```python\nconf = get_config('zoe', 'infer')\n"
        "model = build_model(conf)\ndepth = model.infer_pil(image)\n```\n"
    )
    assert "DOC004" in codes(tmp_path / "config", config)
    valued = config.replace("model.infer_pil(image)", "model.infer_pil(image, conf=0.25)")
    assert "DOC004" not in codes(tmp_path / "valued", valued)


def test_an_option_stated_with_its_default_is_a_setting_whatever_its_type(tmp_path):
    stated = (
        "# metric\n\n## Usage\n\n```python\nloss_fn = metric.Metric(net='alex')\n"
        "d = loss_fn(img0, img1)\n```\n\nBy default, `calibrated=True`. This adds a linear"
        " layer on top of the features.\n"
    )
    assert "DOC004" not in codes(tmp_path / "stated", stated)
    told = stated.replace("By default, `calibrated=True`.", "Set `calibrated=True` to calibrate.")
    assert "DOC004" in codes(tmp_path / "told", told)


def test_a_fraction_passed_from_the_model_call_on_is_a_setting(tmp_path):
    after = (
        "# mesh\n\n## Usage\n\n```python\npipeline = MeshPipeline.from_pretrained('mesh-l')\n"
        "outputs = pipeline.run(image)\nglb = to_glb(outputs, simplify=0.95)\n```\n"
    )
    assert "DOC004" not in codes(tmp_path / "after", after)
    # before the model runs, a fraction builds the data
    before = (
        "# mesh\n\n## Usage\n\n```python\ndata = Shapes(mode='test', ratio=0.9)\n"
        "pipeline = MeshPipeline.from_pretrained('mesh-l')\noutputs = pipeline.run(data)\n```\n"
    )
    assert "DOC004" in codes(tmp_path / "before", before)


def test_a_loaded_model_run_on_an_input_is_run_and_a_bare_run_is_not(tmp_path):
    run = (
        "# mesh\n\n## Usage\n\n```python\npipeline = MeshPipeline.from_pretrained('mesh-l')\n"
        "outputs = pipeline.run(image)\n```\n"
    )
    assert "DOC009" not in codes(tmp_path / "run", run)
    loop = (
        "# gpt\n\n## Usage\n\n```python\ntrainer = Trainer(config, model, train_dataset)\n"
        "trainer.run()\n```\n"
    )
    assert "DOC009" in codes(tmp_path / "loop", loop)


def test_a_credits_section_documents_nothing(tmp_path):
    credits = "# t2i\n\n## Contributors\n\n- @bes added support for RGB images of 512x512.\n"
    assert "DOC002" in codes(tmp_path / "credits", credits)
    usage = credits.replace("## Contributors", "## Usage")
    assert "DOC002" not in codes(tmp_path / "usage", usage)


def test_the_resolution_of_a_row_scored_by_fid_is_what_is_generated(tmp_path):
    scored = (
        "# gen\n\n## Results\n\n| Model | Image Resolution | FID-50K |\n|---|---|---|\n"
        "| XL/2 | 256x256 | 2.27 |\n"
    )
    assert "DOC002" in codes(tmp_path / "fid", scored)
    accuracy = scored.replace("FID-50K", "Top-1 accuracy").replace("2.27", "81.2")
    assert "DOC002" not in codes(tmp_path / "accuracy", accuracy)


def test_the_image_size_handed_to_a_sampling_script_is_what_it_makes(tmp_path):
    sampled = "# gen\n\n## Sampling\n\n`python sample.py --image-size 512 --seed 1`\n"
    assert "DOC002" in codes(tmp_path / "sampled", sampled)
    read = "# cls\n\n## Inference\n\n`python predict.py --image-size 512 --input cat.png`\n"
    assert "DOC002" not in codes(tmp_path / "read", read)


def test_the_context_a_server_holds_a_request_to_sizes_the_input(tmp_path):
    served = (
        "# code\n\n## Serving\n\n```bash\ndocker run -p 8080:80 -d tgi:latest --model-id"
        " org/coder --max-total-tokens 8192\n```\n"
    )
    assert "DOC002" not in codes(tmp_path / "served", served)
    unbounded = served.replace(" --max-total-tokens 8192", "")
    assert "DOC002" in codes(tmp_path / "unbounded", unbounded)


def test_an_environment_file_gives_versions_only_if_it_states_them(tmp_path):
    readme = "# m\n\n## Setup\n\n`conda env create -f environment.yml`\n\nAll runs use seed 42.\n"
    pinned = "name: m\ndependencies:\n  - python=3.10\n  - pytorch=1.13.1\n  - numpy==1.26.4\n"

    def doc008(folder: str, environment: str | None) -> bool:
        files = {**MODEL, "README.md": readme}
        if environment is not None:
            files["environment.yml"] = environment
        result = run_check(tmp_path / folder, files, select=("DOC008",))
        return any(f.rule == "DOC008" for f in result.findings)

    assert not doc008("pinned", pinned)
    unpinned = "name: m\ndependencies:\n  - python=3.10\n  - pytorch\n  - numpy>=1.20\n"
    assert doc008("unpinned", unpinned)
    assert doc008("absent", None)


def test_an_open_task_is_work_still_to_do(tmp_path):
    wish = (
        "# m\n\n## Roadmap\n\n- [ ] use `torch.compile` in PyTorch 2.0\n\nAll runs use seed 42.\n"
    )
    assert "DOC008" in codes(tmp_path / "wish", wish)
    done = wish.replace("- [ ] use", "- [x] tested with")
    assert "DOC008" not in codes(tmp_path / "done", done)


def test_making_the_test_files_features_is_the_inference_preprocessing(tmp_path):
    made = (
        "# vocoder\n\n## Inference\n\n`python infer.py -f mel_files.txt -o out`\n\n"
        "## Train your own\n\nMake test set mel-spectrograms: `python mel2samp.py -f test.txt`\n"
    )
    assert "DOC003" not in codes(tmp_path / "made", made)
    for other in (
        "Make training set mel-spectrograms: `python mel2samp.py -f train.txt`",
        "Make a `test_mels` folder and copy the mel-spectrogram files into it.",
    ):
        said = made.replace(made.splitlines()[-1], other)
        assert "DOC003" in codes(tmp_path / other[:12].replace(" ", "_"), said), other
