"""The entry file: `streamlit run dashboard.py`. The frame draws what every page shares and runs the chosen one."""

from cooperation.ui import frame

frame.run()
