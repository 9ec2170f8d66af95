"""Train a ResNet-18 on CIFAR-10, or run inference with --predict.

Research code as it usually arrives: training loop and predict function in one script,
paths from the author's machine, a pinned GPU, a key pasted in to get wandb working.
"""
import argparse
import os
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F
import wandb
from torch.utils.data import DataLoader
from torchvision import datasets, transforms

sys.path.insert(0, "/home/ana/projects/shared-utils")
os.environ["CUDA_VISIBLE_DEVICES"] = "1"

WANDB_API_KEY = "7149d439536b3216fdaeeb975729fae923d5a4fd"
DATA_ROOT = "/home/ana/datasets/cifar10"
CHECKPOINT_DIR = "/mnt/nfs/ana/checkpoints/resnet18"

device = torch.device("cuda:0")


def build_model(num_classes: int = 10) -> nn.Module:
    model = torch.hub.load("pytorch/vision", "resnet18", weights=None)
    model.fc = nn.Linear(model.fc.in_features, num_classes)
    return model


def train(args):
    wandb.login(key=WANDB_API_KEY)
    wandb.init(project="cifar-resnet", config=vars(args))
    transform = transforms.Compose(
        [transforms.RandomCrop(32, padding=4), transforms.RandomHorizontalFlip(), transforms.ToTensor()]
    )
    train_set = datasets.CIFAR10(DATA_ROOT, train=True, download=True, transform=transform)
    loader = DataLoader(train_set, batch_size=args.batch_size, shuffle=True, num_workers=8)
    model = build_model().to(device)
    model = nn.DataParallel(model, device_ids=[0, 1])
    optimizer = torch.optim.SGD(model.parameters(), lr=args.lr, momentum=0.9)
    for epoch in range(args.epochs):
        for images, labels in loader:
            images, labels = images.cuda(), labels.cuda()
            loss = F.cross_entropy(model(images), labels)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        wandb.log({"epoch": epoch, "loss": loss.item()})
        torch.save(model.state_dict(), os.path.join(CHECKPOINT_DIR, f"epoch_{epoch}.pt"))


def predict(image_path):
    model = build_model()
    state = torch.load(os.path.join(CHECKPOINT_DIR, "best.pt"), map_location="cuda:0")
    model.load_state_dict(state)
    model.eval().cuda()
    image = transforms.ToTensor()(__import__("PIL.Image").Image.open(image_path)).unsqueeze(0)
    with torch.no_grad():
        return model(image.cuda()).argmax(dim=1).item()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=30)
    parser.add_argument("--lr", type=float, default=0.1)
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--output", default="/scratch/ana/runs/latest")
    parser.add_argument("--predict", help="path of an image to classify")
    args = parser.parse_args()
    if args.predict:
        print(predict(args.predict))
    else:
        train(args)
