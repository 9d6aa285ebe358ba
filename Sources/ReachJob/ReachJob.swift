import ReachModel
