"""The world the planner starts from: incumbent capacity, the technology roadmap,
demand calibrated on history, the hindcast."""
