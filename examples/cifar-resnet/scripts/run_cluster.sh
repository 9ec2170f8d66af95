#!/bin/bash
#SBATCH --gres=gpu:2
export HF_TOKEN=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
cd /home/ana/projects/cifar-resnet
python train.py --epochs 30 --output /scratch/ana/runs/$SLURM_JOB_ID
