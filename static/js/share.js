// The device's share sheet (Web Share API), where the browser has one; the plain
// links beside it work everywhere. advocacyShare(root) enhances links added later.
(function () {
  function enhance(root) {
    if (!navigator.share) return;
    root.querySelectorAll("[data-share-item]").forEach(function (item) {
      var button = item.querySelector("[data-share-url]");
      item.hidden = false;
      button.addEventListener("click", function () {
        navigator.share({ title: document.title, text: button.dataset.shareText,
                          url: button.dataset.shareUrl }).catch(function () {});
      });
    });
  }
  window.advocacyShare = enhance;
  enhance(document);
})();
